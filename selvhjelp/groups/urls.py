from django.urls import path

from selvhjelp.groups import inside, views

app_name = "groups"

urlpatterns = [
    path("tema/", views.themes, name="themes"),
    path("tema/<slug:slug>/", views.theme_edit, name="theme_edit"),
    path("grupper/ny/", views.create, name="create"),
    path("grupper/<str:code>/inne/avtale/", inside.agreement, name="agreement"),
    path("grupper/<str:code>/inne/taushetserklaering/", inside.declaration, name="declaration"),
    path(
        "grupper/<str:code>/inne/taushetserklaering/utskrift/",
        inside.declaration_print,
        name="declaration_print",
    ),
    path("grupper/<str:code>/inne/be-om-oppforing/", inside.ask_listing, name="ask_listing"),
    path("grupper/<str:code>/svar/", views.respond, name="respond"),
    path("grupper/<str:code>/bli-med/<str:token>/", views.join, name="join"),
    path("inne/<str:key>/", views.link, name="link"),
    path("inne/<str:key>/<str:page>/", views.link, name="link_page"),
    path("kontaktpunkt/<slug:slug>/godkjenning/", views.approvals, name="approvals"),
]
