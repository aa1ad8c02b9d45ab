from django.urls import path

from selvhjelp.interest import views

app_name = "interest"

urlpatterns = [
    path("interesse/", views.mine, name="mine"),
    path("interesse/trekk-tilbake/", views.withdraw, name="withdraw"),
    path("grupper/<str:code>/interessert/", views.in_group, name="in_group"),
    path("kontaktpunkt/<slug:slug>/interesse/", views.pools, name="pools"),
    # A pool by its random code, never by its theme: the address ends up in emails and logs.
    path("kontaktpunkt/<slug:slug>/interesse/<str:code>/", views.pool, name="pool"),
]
