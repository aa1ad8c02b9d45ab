from django.urls import path

from selvhjelp.statistics import views

app_name = "statistics"

urlpatterns = [
    path("kontaktpunkt/<slug:slug>/statistikk/", views.contact_point_page, name="contact_point"),
    path(
        "kontaktpunkt/<slug:slug>/statistikk.csv", views.contact_point_csv, name="contact_point_csv"
    ),
    path(
        "kontaktpunkt/<slug:slug>/statistikk.xlsx",
        views.contact_point_xlsx,
        name="contact_point_xlsx",
    ),
    path("statistikk/", views.installation_page, name="installation"),
    path("statistikk.csv", views.installation_csv, name="installation_csv"),
    path("statistikk.xlsx", views.installation_xlsx, name="installation_xlsx"),
]
