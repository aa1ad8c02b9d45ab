from django.urls import path

from selvhjelp.contactpoints import views

app_name = "contactpoints"

urlpatterns = [
    path("<slug:slug>/rediger/", views.edit, name="edit"),
    path("<slug:slug>/ansatte/", views.staff, name="staff"),
    path("<slug:slug>/ansatte/fjern/", views.staff_remove_view, name="staff_remove"),
]
