from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from selvhjelp.accounts import views as account_views
from selvhjelp.contactpoints import views as contactpoint_views
from selvhjelp.directory import views as directory_views
from selvhjelp.opendata.urls import api_urlpatterns
from selvhjelp.pages import views as pages

# Addresses for machines live outside the languages: the open data API and its feeds,
# robots.txt, one sitemap for the site, and the icon browsers ask for.
urlpatterns: list[URLPattern | URLResolver] = [
    *api_urlpatterns,
    path("robots.txt", directory_views.robots, name="robots"),
    path("sitemap.xml", directory_views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", directory_views.sitemap_section, name="sitemap_section"),
    path("favicon.ico", pages.favicon, name="favicon"),
]

# Every page has one address per language: bokmål without a prefix (no bokmål address ever
# changed), nynorsk under /nn/ and English under /en/. The address alone decides the language.
urlpatterns += i18n_patterns(
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
    prefix_default_language=False,
)

handler400 = "selvhjelp.pages.errors.bad_request"
handler403 = "selvhjelp.pages.errors.forbidden"
handler404 = "selvhjelp.pages.errors.not_found"
handler500 = "selvhjelp.pages.errors.server_error"
