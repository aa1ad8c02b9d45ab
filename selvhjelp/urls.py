from django.contrib import admin
from django.urls import include, path

from selvhjelp.accounts import views as account_views
from selvhjelp.contactpoints import views as contactpoint_views
from selvhjelp.opendata.urls import api_urlpatterns
from selvhjelp.pages import views as pages

urlpatterns = [
    # The open data API and its feeds: language-neutral addresses.
    *api_urlpatterns,
    path("", pages.home, name="home"),
    path("prinsipper/", pages.principles, name="principles"),
    path("samtalekompasset/", pages.compass, name="compass"),
    path("samtalekompasset/plakat/", pages.compass_poster, name="compass_poster"),
    path("personvern/", pages.privacy, name="privacy"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    # Our login answers 429 while an address is blocked; it takes allauth's own address.
    path("konto/login/", account_views.login, name="account_login"),
    path("konto/", include("allauth.urls")),
    path("profil/", include("selvhjelp.accounts.urls")),
    path("profil/", include("selvhjelp.privacy.urls")),
    path("varsler/", include("selvhjelp.notifications.urls")),
    path("", include("selvhjelp.groups.urls")),
    path("", include("selvhjelp.overview.urls")),
    path("", include("selvhjelp.meetings.urls")),
    path("", include("selvhjelp.decisions.urls")),
    path("", include("selvhjelp.reflection.urls")),
    # After the group pages: the directory's "grupper/<code>/" would take "grupper/ny/".
    path("", include("selvhjelp.directory.urls")),
    path("", include("selvhjelp.opendata.urls")),
    path("kontaktpunkt/", include("selvhjelp.contactpoints.urls")),
    path("ansatt/invitasjon/<str:token>/", contactpoint_views.invitation, name="staff_invitation"),
    path("", include("selvhjelp.interest.urls")),
    path("", include("selvhjelp.statistics.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", pages.favicon, name="favicon"),
]

handler400 = "selvhjelp.pages.errors.bad_request"
handler403 = "selvhjelp.pages.errors.forbidden"
handler404 = "selvhjelp.pages.errors.not_found"
handler500 = "selvhjelp.pages.errors.server_error"
