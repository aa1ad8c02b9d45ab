from django.urls import path

from selvhjelp.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mine-data/", views.export, name="export"),
    path("mine-data.json", views.export_download, name="export_download"),
    path("slett/", views.delete, name="delete"),
]
