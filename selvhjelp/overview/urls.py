from django.urls import path

from selvhjelp.overview import views

app_name = "overview"

urlpatterns = [
    path("grupper/<str:code>/inne/", views.home, name="home"),
    path("grupper/<str:code>/inne/inviter/", views.invite, name="invite"),
    path("grupper/<str:code>/inne/inntak/", views.intake, name="intake"),
    path("grupper/<str:code>/inne/sjekkliste/", views.checklist_step, name="checklist"),
    path("grupper/<str:code>/oppfolging/", views.follow_up, name="follow_up"),
    path("oppfolging/", views.follow_ups_list, name="follow_ups"),
]
