from django.urls import path

from selvhjelp.meetings import views

app_name = "meetings"

urlpatterns = [
    path("grupper/<str:code>/inne/moter/", views.meetings, name="list"),
    path("grupper/<str:code>/inne/moter/<str:meeting_code>/", views.meeting_detail, name="detail"),
    path("grupper/<str:code>/inne/moter/<str:meeting_code>.ics", views.meeting_ics, name="ics"),
    path(
        "grupper/<str:code>/inne/moter/<str:meeting_code>/fravaer/", views.absence, name="absence"
    ),
    path(
        "grupper/<str:code>/inne/moter/<str:meeting_code>/avlys/",
        views.meeting_cancel_confirm,
        name="cancel",
    ),
    path("grupper/<str:code>/inne/slutte/", views.leaving, name="leaving"),
    path("grupper/<str:code>/inne/forlat/", views.leave_now, name="leave_now"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("kontaktpunkt/<slug:slug>/lokaler/", views.premises_list, name="premises"),
    path("kontaktpunkt/<slug:slug>/lokaler/<str:room>/", views.premises_edit, name="premises_edit"),
]
