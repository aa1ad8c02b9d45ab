from django.urls import path

from selvhjelp.contactpoints import views

app_name = "contactpoints"

urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rediger/", views.edit, name="edit"),
    path("<slug:slug>/godkjenning/", views.approvals, name="approvals"),
    path("<slug:slug>/ansatte/", views.staff, name="staff"),
    path("<slug:slug>/ansatte/fjern/", views.staff_remove_view, name="staff_remove"),
]
