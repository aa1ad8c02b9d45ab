from django.urls import path

from selvhjelp.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="list"),
    path("<str:code>/", views.group, name="group"),
]
