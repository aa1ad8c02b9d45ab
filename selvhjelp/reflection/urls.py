from django.urls import path

from selvhjelp.reflection import views

app_name = "reflection"

urlpatterns = [
    # The offline worker of meeting mode: a script whose place (/grupper/) lets it answer for
    # the meeting-mode pages below it.
    path("grupper/motemodus-sw.js", views.meeting_mode_worker, name="meeting_mode_worker"),
    path(
        "grupper/<str:code>/inne/moter/<str:meeting_code>/motemodus/",
        views.meeting_mode,
        name="meeting_mode",
    ),
    path(
        "grupper/<str:code>/inne/moter/<str:meeting_code>/refleksjon/",
        views.reflect,
        name="reflect",
    ),
    path("grupper/<str:code>/inne/refleksjon/", views.trend, name="trend"),
    path("grupper/<str:code>/inne/evaluering/", views.evaluation, name="evaluation"),
    path("kontaktpunkt/<slug:slug>/samtalekompass/", views.compass_edit, name="compass_edit"),
]
