from django.urls import path

from selvhjelp.directory import views

app_name = "directory"

urlpatterns = [
    path("grupper/", views.directory, name="list"),
    path("grupper/<str:code>/", views.group, name="group"),
    path("kontaktpunkt/<slug:slug>/", views.contact_point, name="contact_point"),
]
