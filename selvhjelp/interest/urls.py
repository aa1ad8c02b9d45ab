from django.urls import path

from selvhjelp.interest import views

app_name = "interest"

urlpatterns = [
    path("interesse/", views.mine, name="mine"),
    path("interesse/trekk-tilbake/", views.withdraw, name="withdraw"),
    path("grupper/<str:code>/interessert/", views.in_group, name="in_group"),
    path("kontaktpunkt/<slug:slug>/interesse/", views.pools, name="pools"),
    path(
        "kontaktpunkt/<slug:slug>/interesse/<slug:theme>/<str:municipality>/",
        views.pool,
        name="pool",
    ),
]
