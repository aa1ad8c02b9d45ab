from django.urls import path

from selvhjelp.interest import views

app_name = "interest"

urlpatterns = [
    path("interesse/", views.mine, name="mine"),
    path("interesse/trekk-tilbake/", views.withdraw, name="withdraw"),
    path("grupper/<str:code>/interessert/", views.in_group, name="in_group"),
    # From "a group may have room for you": a signed key for one person, never the group's code.
    path("interesse/ledig/<str:key>/", views.room_link, name="room_link"),
    path("kontaktpunkt/<slug:slug>/interesse/", views.pools, name="pools"),
    # A pool by its random code, never by its theme: the address ends up in emails and logs.
    path("kontaktpunkt/<slug:slug>/interesse/<str:code>/", views.pool, name="pool"),
]
