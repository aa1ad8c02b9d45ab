"""Project-wide checks: the access matrix, migrations, headings, catalogs and security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.urlwalk import all_routes

PUBLIC = "public"  # a page anyone may GET
STEP = "step"  # public, but only an action or a step inside a flow (redirects when used alone)
SECRET_LINK = "secret link"  # public, but only with a valid signed token; 404 for any other
PUBLIC_OBJECT = "public object"  # a public page of one object: 404 for an unknown code or slug
PUBLIC_FILE = "public file"  # public, for machines rather than people (robots.txt, the sitemap)
LOGIN = "login"  # anonymous requests are sent to the login page
ADMIN = "admin"  # Django's admin: staff only, through allauth's login
FILE = "file"  # public, and not a page (no HTML to check)
OPEN_DATA = "open data"  # the read-only API: anyone may GET; any other method is 405

# Every URL pattern must be listed here. A new pattern that is missing fails the test below,
# so nobody adds a page without deciding who may see it. A page has an address in each language
# (bokmål without a prefix, /nn/ and /en/); one row decides for all three, and the test below
# requests every one of them.
ACCESS = {
    "robots.txt": PUBLIC_FILE,
    "sitemap.xml": PUBLIC_FILE,
    "sitemap-<slug:section>.xml": PUBLIC_OBJECT,
    "": PUBLIC,
    "prinsipper/": PUBLIC,
    "samtalekompasset/": PUBLIC,
    "personvern/": PUBLIC,
    "tilgjengelighet/": PUBLIC,
    "profil/": LOGIN,
    "profil/mine-data/": LOGIN,
    "profil/mine-data.json": LOGIN,
    "profil/slett/": LOGIN,
    "varsler/": LOGIN,
    "varsler/av/<str:token>/": SECRET_LINK,
    "grupper/": PUBLIC,
    "grupper/<str:code>/": PUBLIC_OBJECT,
    "grupper/<str:code>/interessert/": LOGIN,
    "kontaktpunkt/<slug:slug>/": PUBLIC_OBJECT,
    "kontaktpunkt/<slug:slug>/rediger/": LOGIN,
    "kontaktpunkt/<slug:slug>/ansatte/": LOGIN,
    "kontaktpunkt/<slug:slug>/ansatte/fjern/": LOGIN,
    "kontaktpunkt/<slug:slug>/interesse/": LOGIN,
    "kontaktpunkt/<slug:slug>/interesse/<str:code>/": LOGIN,
    "ansatt/invitasjon/<str:token>/": LOGIN,
    "grupper/ny/": LOGIN,
    "grupper/<str:code>/inne/": LOGIN,
    "grupper/<str:code>/inne/inviter/": LOGIN,
    "grupper/<str:code>/inne/inntak/": LOGIN,
    "grupper/<str:code>/inne/sjekkliste/": LOGIN,
    "grupper/<str:code>/inne/avtale/": LOGIN,
    "grupper/<str:code>/inne/taushetserklaering/": LOGIN,
    "grupper/<str:code>/inne/taushetserklaering/utskrift/": LOGIN,
    "grupper/<str:code>/inne/forlat/": LOGIN,
    "grupper/<str:code>/inne/be-om-oppforing/": LOGIN,
    "grupper/<str:code>/svar/": LOGIN,
    "grupper/<str:code>/bli-med/<str:token>/": LOGIN,
    "grupper/<str:code>/oppfolging/": LOGIN,
    "oppfolging/": LOGIN,
    "start/": LOGIN,
    "kontaktpunkt/<slug:slug>/oversikt/": LOGIN,
    "grupper/<str:code>/inne/moter/": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>/": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>.ics": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>/fravaer/": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>/avlys/": LOGIN,
    "grupper/<str:code>/inne/slutte/": LOGIN,
    "grupper/<str:code>/inne/beslutninger/": LOGIN,
    "grupper/<str:code>/inne/beslutninger/ny/": LOGIN,
    "grupper/<str:code>/inne/beslutninger/<str:proposal>/": LOGIN,
    "grupper/<str:code>/inne/beslutninger/<str:proposal>/svar/": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>/motemodus/": LOGIN,
    "grupper/<str:code>/inne/moter/<str:meeting_code>/refleksjon/": LOGIN,
    "grupper/<str:code>/inne/refleksjon/": LOGIN,
    "grupper/<str:code>/inne/evaluering/": LOGIN,
    "grupper/motemodus-sw.js": FILE,
    "kontaktpunkt/<slug:slug>/samtalekompass/": LOGIN,
    "samtalekompasset/plakat/": PUBLIC,
    "kalender/": LOGIN,
    "kalender/<str:token>.ics": SECRET_LINK,
    # A private link from an email or a calendar: members go on, everyone else gets 404.
    "inne/<str:key>/": LOGIN,
    "inne/<str:key>/<str:page>/": LOGIN,
    "favicon.ico": FILE,
    "kontaktpunkt/<slug:slug>/lokaler/": LOGIN,
    "kontaktpunkt/<slug:slug>/lokaler/<str:room>/": LOGIN,
    "kontaktpunkt/<slug:slug>/godkjenning/": LOGIN,
    "tema/": LOGIN,
    "tema/<slug:slug>/": LOGIN,
    "interesse/": LOGIN,
    "kontaktpunkt/<slug:slug>/statistikk/": LOGIN,
    "kontaktpunkt/<slug:slug>/statistikk.csv": LOGIN,
    "kontaktpunkt/<slug:slug>/statistikk.xlsx": LOGIN,
    "statistikk/": LOGIN,
    "statistikk.csv": LOGIN,
    "statistikk.xlsx": LOGIN,
    "interesse/trekk-tilbake/": LOGIN,
    "interesse/ledig/<str:key>/": LOGIN,
    # Open data: the embeddable directory, the API's documentation, the API and its feeds.
    "innbygging/": PUBLIC,
    "api/v1/docs/": PUBLIC,
    "api/v1/": OPEN_DATA,
    "api/v1/openapi.json": OPEN_DATA,
    "api/v1/groups": OPEN_DATA,
    "api/v1/groups/<code>": OPEN_DATA,
    "api/v1/themes": OPEN_DATA,
    "api/v1/contact-points": OPEN_DATA,
    "api/v1/counties": OPEN_DATA,
    "api/v1/municipalities": OPEN_DATA,
    "api/v1/meeting-guide.json": OPEN_DATA,
    "api/v1/contact-points/<slug>/meeting-guide.json": OPEN_DATA,
    # allauth: signing up, in and out, and recovering an account are public by nature.
    "konto/login/": PUBLIC,
    "konto/logout/": STEP,
    "konto/inactive/": PUBLIC,
    "konto/signup/": PUBLIC,
    "konto/confirm-email/": PUBLIC,
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": PUBLIC,
    "konto/password/reset/": PUBLIC,
    "konto/password/reset/done/": PUBLIC,
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": PUBLIC,
    "konto/password/reset/key/done/": PUBLIC,
    "konto/login/code/confirm/": STEP,
    "konto/2fa/authenticate/": STEP,
    "konto/2fa/webauthn/login/": STEP,
    # allauth: managing one's own account needs a login.
    "konto/reauthenticate/": LOGIN,
    "konto/reauthenticate/code/": LOGIN,
    "konto/reauthenticate/code/confirm/": LOGIN,
    "konto/email/": LOGIN,
    "konto/password/change/": LOGIN,
    "konto/password/set/": LOGIN,
    "konto/2fa/": LOGIN,
    "konto/2fa/reauthenticate/": LOGIN,
    "konto/2fa/totp/activate/": LOGIN,
    "konto/2fa/totp/deactivate/": LOGIN,
    "konto/2fa/recovery-codes/": LOGIN,
    "konto/2fa/recovery-codes/generate/": LOGIN,
    "konto/2fa/recovery-codes/download/": LOGIN,
    "konto/2fa/webauthn/": LOGIN,
    "konto/2fa/webauthn/add/": LOGIN,
    "konto/2fa/webauthn/reauthenticate/": LOGIN,
    "konto/2fa/webauthn/keys/<int:pk>/remove/": LOGIN,
    "konto/2fa/webauthn/keys/<int:pk>/edit/": LOGIN,
}

ROUTES = all_routes(every_language=True)


def access_of(route: str) -> str | None:
    if route.startswith("admin/"):
        return ADMIN
    return ACCESS.get(route)


def test_every_url_pattern_has_a_row_in_the_access_table() -> None:
    missing = [
        r.route for r in ROUTES if not r.route.startswith("admin/") and r.route not in ACCESS
    ]
    assert missing == [], f"Decide who may use these URLs and add them to ACCESS: {missing}"


def test_the_access_table_has_no_rows_for_urls_that_are_gone() -> None:
    routes = {r.route for r in ROUTES}
    assert sorted(set(ACCESS) - routes) == []


def _is_login_redirect(response, language: str | None = None) -> bool:
    with translation.override(language or settings.LANGUAGE_CODE):
        login = reverse("account_login")
    return response.status_code == 302 and response["Location"].startswith(login + "?next=")


def test_each_language_has_its_own_address_for_every_page() -> None:
    pages = [r for r in ROUTES if r.route == "prinsipper/"]
    assert sorted(r.path for r in pages) == ["/en/prinsipper/", "/nn/prinsipper/", "/prinsipper/"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_anonymous_requests_are_refused_unless_public(route) -> None:
    client = Client()
    access = access_of(route.route)
    for method in ("get", "post"):
        response = getattr(client, method)(route.path)
        assert response.status_code < 500, (method, route.path)
        if access == LOGIN:
            # The login page is in the language of the address asked for.
            assert _is_login_redirect(response, route.language), (
                method,
                route.path,
                response.status_code,
            )
        elif access == ADMIN:
            assert response.status_code == 302, (method, route.path)
            assert "/login/" in response["Location"], (method, route.path)
        elif access in (SECRET_LINK, PUBLIC_OBJECT):
            assert response.status_code == 404, (method, route.path)
        elif access == OPEN_DATA:
            assert response.status_code == (405 if method == "post" else response.status_code)
            assert response["Access-Control-Allow-Origin"] == "*", (method, route.path)
        else:
            assert not _is_login_redirect(response), (method, route.path)


def test_there_are_no_missing_migrations(db: None) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


PUBLIC_PAGES = [
    r.path
    for r in ROUTES
    if access_of(r.route) == PUBLIC and "<" not in r.route and "(" not in r.route
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline_styles = 0
        self.lang: str | None = None
        self.canonical: list[str] = []
        self.alternates: dict[str, str] = {}
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical.append(values.get("href") or "")
        if tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates[values["hreflang"] or ""] = values.get("href") or ""
        if tag == "meta" and (values.get("name") or values.get("property")):
            self.meta[values.get("name") or values.get("property") or ""] = (
                values.get("content") or ""
            )
        if tag == "h1":
            self.h1 += 1
        if tag == "script":
            self.scripts.append(values)
        if "style" in values or tag == "style":
            self.inline_styles += 1
        for name in ("src", "href", "action"):
            if values.get(name):
                self.urls.append(values[name] or "")


def _page(client: Client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        return response, None
    collector = _Collector()
    collector.feed(response.content.decode())
    return response, collector


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_public_page_has_exactly_one_h1(path: str) -> None:
    response, page = _page(Client(), path)
    assert page is not None, response.status_code
    assert page.h1 == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(path: str) -> None:
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# The only scripts without a source a page may hold are JSON data blocks, which the browser
# never runs (HTML, "prepare the script element": not a JavaScript type, so no script, and the
# CSP is not asked): our structured data, and allauth's passkey options on its login page.
DATA_BLOCKS = {"application/ld+json", "application/json"}


def is_allowed_inline_script(script: dict[str, str | None]) -> bool:
    return bool(script.get("src")) or script.get("type") in DATA_BLOCKS


def test_only_a_structured_data_block_may_be_a_script_without_a_source() -> None:
    assert is_allowed_inline_script({"type": "application/ld+json"})
    assert is_allowed_inline_script({"type": "module", "src": "/static/js/site.js"})
    assert not is_allowed_inline_script({})
    assert not is_allowed_inline_script({"type": "module"})
    assert not is_allowed_inline_script({"type": "text/javascript"})
    assert not is_allowed_inline_script({"type": "text/plain; application/ld+json"})
    assert not is_allowed_inline_script({"type": "text/x-template"})


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load_nothing_from_other_origins_and_run_no_inline_code(path: str) -> None:
    response, page = _page(Client(), path)
    assert page is not None, response.status_code
    own = settings.SITE_URL + "/"  # the canonical and alternate links name the site itself
    foreign = [u for u in page.urls if re.match(r"^(https?:)?//", u) and not u.startswith(own)]
    assert foreign == []
    # No inline code, so no nonce: the page cache may serve the page to the next visitor too.
    assert "nonce-" not in response["Content-Security-Policy"]
    assert [s for s in page.scripts if not is_allowed_inline_script(s)] == []
    assert page.inline_styles == 0


def _language_of(path: str) -> str:
    return next((c for c, _ in settings.LANGUAGES if path.startswith(f"/{c}/")), "nb")


def _in_bokmaal(path: str) -> str:
    language = _language_of(path)
    return path if language == "nb" else path[len(language) + 1 :]


# The embeddable directory sits inside other sites' pages: not a page of ours to index in three
# languages.
NOT_A_PAGE_IN_THREE_LANGUAGES = ("/innbygging/",)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [p for p in PUBLIC_PAGES if _in_bokmaal(p) not in NOT_A_PAGE_IN_THREE_LANGUAGES]
)
def test_each_public_page_answers_in_its_language_with_alternates_and_a_canonical(
    path: str,
) -> None:
    _assert_in_its_language_with_alternates_and_a_canonical(path)


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_a_group_s_and_a_contact_point_s_page_too(make_group, contact_point, prefix: str) -> None:
    group = make_group(contact_point=contact_point)
    for path in (f"{prefix}/grupper/{group.code}/", f"{prefix}/kontaktpunkt/{contact_point.slug}/"):
        _assert_in_its_language_with_alternates_and_a_canonical(path)
        assert dict(Client().get(path).cookies) == {}, "no cookie for an anonymous visitor"


def _assert_in_its_language_with_alternates_and_a_canonical(path: str) -> None:
    response, page = _page(Client(), path)
    assert page is not None, response.status_code
    language = _language_of(path)
    assert page.lang == language
    assert response["Content-Language"] == language
    site = settings.SITE_URL
    bokmaal = _in_bokmaal(path)
    assert page.canonical == [site + path]
    assert page.alternates == {
        "nb": site + bokmaal,
        "nn": site + "/nn" + bokmaal,
        "en": site + "/en" + bokmaal,
        "x-default": site + bokmaal,
    }
    assert len(page.meta["description"]) > 40
    assert page.meta["og:title"]
    assert page.meta["og:description"] == page.meta["description"]
    assert page.meta["og:url"] == site + path
    assert page.meta["og:type"] == "website"
    assert page.meta["og:locale"] == {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}[language]


# The account pages hold a sign-in or sign-up form, so they set the CSRF cookie; every other
# public page must be cacheable whole, for everyone (issue 18): it sets no cookie at all.
FORM_PAGES = ("konto/",)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_anonymous_visit_to_a_public_page_sets_no_cookie(path: str) -> None:
    client = Client()
    response = client.get(path)
    assert response.status_code == 200
    if _in_bokmaal(path).startswith(tuple("/" + p for p in FORM_PAGES)):
        assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    else:
        assert dict(response.cookies) == {}
        assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/prinsipper/", "/grupper/"])
def test_a_bokmaal_address_shows_bokmaal_whatever_the_browser_asks_for(path: str) -> None:
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    html = client.get(path).content.decode()
    assert '<html lang="nb"' in html
    assert "Hopp til hovedinnholdet" in html


def test_the_language_switch_is_three_plain_links_to_the_same_page(db: None) -> None:
    html = Client().get("/nn/grupper/?q=sorg").content.decode()
    assert 'href="/grupper/?q=sorg" hreflang="nb" lang="nb"' in html
    assert 'href="/nn/grupper/?q=sorg" hreflang="nn" lang="nn" aria-current="true"' in html
    assert 'href="/en/grupper/?q=sorg" hreflang="en" lang="en"' in html
    assert "csrfmiddlewaretoken" not in html


def test_a_page_that_does_not_exist_offers_each_language_s_front_page(db: None) -> None:
    response, _ = _page(Client(), "/en/finnes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en"' in html
    assert 'href="/" hreflang="nb"' in html
    assert 'href="/nn/" hreflang="nn"' in html
    assert 'rel="canonical"' not in html


def test_the_home_page_answers_in_bokmaal_with_the_crisis_numbers(db: None) -> None:
    response = Client().get("/")
    html = response.content.decode()
    assert '<html lang="nb"' in html
    for number in ("113", "116 117", "116 123", "22 40 00 40"):
        assert number in html
    assert "ikke behandling" in html


LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CATALOGS = ["nb", "nn", "en"]
# Bokmål, nynorsk and English all have two forms: one, and every other number.
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
COUNT_OF_FORM = {0: 1, 1: 2}


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _entries(language: str) -> list[polib.POEntry]:
    """The catalog's current entries; the header is metadata, obsolete (#~) ones left out."""
    return [entry for entry in _catalog(language) if not entry.obsolete]


def _texts(entry: polib.POEntry | polib.MOEntry) -> dict[int, str]:
    """An entry's translations by plural form (form 0 alone when it has no plural)."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def _sources(entry: polib.POEntry) -> dict[int, str]:
    """What each plural form translates: the singular for form 0, the plural for the rest."""
    if not entry.msgid_plural:
        return {0: entry.msgid}
    return {form: entry.msgid if form == 0 else entry.msgid_plural for form in entry.msgstr_plural}


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("language", CATALOGS)
def test_each_catalog_counts_plurals_one_and_more(language: str) -> None:
    assert _catalog(language).metadata["Plural-Forms"] == PLURAL_FORMS


@pytest.mark.parametrize("language", CATALOGS)
def test_each_compiled_catalog_holds_exactly_the_translated_entries_of_its_source(
    language: str,
) -> None:
    compiled = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    source = {_key(entry): _texts(entry) for entry in _catalog(language).translated_entries()}
    assert {_key(entry): _texts(entry) for entry in compiled} == source, (
        f"compile the {language} catalog again"
    )


@pytest.mark.parametrize("language", CATALOGS)
def test_django_shows_every_translation_of_the_catalog(language: str) -> None:
    from django.utils import translation

    stale = []
    with translation.override(language):
        for entry in _catalog(language).translated_entries():
            for form, text in _texts(entry).items():
                if entry.msgid_plural:
                    count = COUNT_OF_FORM[form]
                    shown = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                        if entry.msgctxt
                        else translation.ngettext(entry.msgid, entry.msgid_plural, count)
                    )
                elif entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != text:
                    stale.append(entry.msgid)
    assert stale == [], f"compile the {language} catalog again: {stale[:3]}"


@pytest.mark.parametrize("language", CATALOGS)
def test_each_catalog_translates_every_string(language: str) -> None:
    """A string left empty falls back to another language in the middle of a page."""
    catalog = _catalog(language)
    assert len(catalog.translated_entries()) > 100
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []


@pytest.mark.parametrize("language", CATALOGS)
def test_no_catalog_keeps_a_fuzzy_guess(language: str) -> None:
    """makemessages guesses from a similar string (`#, fuzzy`, the old one kept as `#|`);
    its guesses are often wrong, so each is translated again and the marks removed."""
    guesses = [
        entry.msgid
        for entry in _entries(language)
        if "fuzzy" in entry.flags or entry.previous_msgid or entry.previous_msgid_plural
    ]
    assert guesses == []


def test_bokmaal_is_what_a_visitor_sees_by_default(db: None) -> None:
    html = Client().get("/").content.decode()
    assert "Hopp til hovedinnholdet" in html


def test_english_says_exactly_what_the_source_says() -> None:
    entries = _entries("en")
    assert len(entries) > 100
    wrong = [entry.msgid for entry in entries if _texts(entry) != _sources(entry)]
    assert wrong == []


def _placeholders_differ(entries: list[polib.POEntry]) -> list[str]:
    placeholder = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w+\}")
    return [
        entry.msgid
        for entry in entries
        for form, text in _texts(entry).items()
        if text
        and sorted(placeholder.findall(_sources(entry)[form])) != sorted(placeholder.findall(text))
    ]


@pytest.mark.parametrize("language", CATALOGS)
def test_translations_keep_the_placeholders_of_their_source(language: str) -> None:
    assert _placeholders_differ(_entries(language)) == []


# allauth ships no nynorsk; our nynorsk for its texts is a catalog of its own (see its header).
ALLAUTH_NYNORSK = Path(settings.LOCALE_PATHS[1]) / "nn" / "LC_MESSAGES"


def test_allauths_nynorsk_holds_only_texts_allauth_still_has() -> None:
    """An entry for a text that an allauth upgrade reworded would never be shown."""
    import allauth

    allauths = Path(allauth.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    known = {_key(entry) for entry in polib.pofile(str(allauths)) if not entry.obsolete}
    ours = polib.pofile(str(ALLAUTH_NYNORSK / "django.po"))
    assert len(ours) > 200
    assert [entry.msgid for entry in ours if _key(entry) not in known] == []


# Our catalogs of libraries' texts: allauth's nynorsk, allauth's English in the site's own
# words ("Log in"), and Django's texts its nb and nn lack.
LIBRARY_CATALOGS = [
    ALLAUTH_NYNORSK,
    Path(settings.LOCALE_PATHS[1]) / "en" / "LC_MESSAGES",
    Path(settings.LOCALE_PATHS[2]) / "nb" / "LC_MESSAGES",
    Path(settings.LOCALE_PATHS[2]) / "nn" / "LC_MESSAGES",
]


@pytest.mark.parametrize(
    "folder", LIBRARY_CATALOGS, ids=lambda folder: f"{folder.parents[1].name}-{folder.parent.name}"
)
def test_our_catalogs_of_library_texts_are_translated_compiled_and_keep_placeholders(
    folder: Path,
) -> None:
    ours = polib.pofile(str(folder / "django.po"))
    assert ours.metadata["Plural-Forms"] == PLURAL_FORMS
    assert [entry.msgid for entry in ours.untranslated_entries()] == []
    assert [entry.msgid for entry in ours.fuzzy_entries()] == []
    assert _placeholders_differ(list(ours)) == []
    compiled = polib.mofile(str(folder / "django.mo"))
    assert {_key(entry): _texts(entry) for entry in compiled} == {
        _key(entry): _texts(entry) for entry in ours
    }, "compile the catalog again"


def test_allauths_english_holds_only_its_texts_and_speaks_as_the_site_does() -> None:
    import allauth

    allauths = Path(allauth.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    known = {_key(entry) for entry in polib.pofile(str(allauths)) if not entry.obsolete}
    ours = polib.pofile(str(LIBRARY_CATALOGS[1] / "django.po"))
    assert [entry.msgid for entry in ours if _key(entry) not in known] == []
    html = Client().get("/en/konto/login/").content.decode()
    assert "Log in" in html
    assert "Sign In" not in html
    assert "Remember Me" not in html
