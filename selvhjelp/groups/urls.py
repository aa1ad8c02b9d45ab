from django.urls import path

from selvhjelp.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.themes, name="themes"),
    path("<slug:slug>/", views.theme_edit, name="theme_edit"),
]
