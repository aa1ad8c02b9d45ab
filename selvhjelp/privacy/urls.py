from django.urls import path

from selvhjelp.privacy import views

app_name = "privacy"

urlpatterns = [
    path("slett/", views.delete, name="delete"),
]
