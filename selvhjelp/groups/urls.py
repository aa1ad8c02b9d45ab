from django.urls import path

from selvhjelp.groups import inside, views

app_name = "groups"

urlpatterns = [
    path("tema/", views.themes, name="themes"),
    path("tema/<slug:slug>/", views.theme_edit, name="theme_edit"),
    path("grupper/ny/", inside.create, name="create"),
    path("grupper/<str:code>/inne/", inside.inside, name="inside"),
    path("grupper/<str:code>/inne/inviter/", inside.invite, name="invite"),
    path("grupper/<str:code>/inne/inntak/", inside.intake, name="intake"),
    path("grupper/<str:code>/inne/sjekkliste/", inside.checklist_step, name="checklist"),
    path("grupper/<str:code>/inne/avtale/", inside.agreement, name="agreement"),
    path("grupper/<str:code>/inne/taushetserklaering/", inside.declaration, name="declaration"),
    path(
        "grupper/<str:code>/inne/taushetserklaering/utskrift/",
        inside.declaration_print,
        name="declaration_print",
    ),
    path("grupper/<str:code>/inne/forlat/", inside.leave, name="leave"),
    path("grupper/<str:code>/inne/be-om-oppforing/", inside.ask_listing, name="ask_listing"),
    path("grupper/<str:code>/svar/", inside.respond, name="respond"),
    path("grupper/<str:code>/bli-med/<str:token>/", inside.join, name="join"),
    path("grupper/<str:code>/oppfolging/", inside.follow_up, name="follow_up"),
]
