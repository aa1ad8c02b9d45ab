"""Every page of the URL table in bokmål, nynorsk and English, at desktop width and on a 320 px
phone: in the language of its address, no sideways scrolling (WCAG 1.4.10) and nothing for axe,
each page seen by the person it is for. One browser page walks them all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.decisions.services import proposal_create
from selvhjelp.groups.services.membership import member_invite
from selvhjelp.interest.models import Pool
from selvhjelp.lib.languages import address_in
from selvhjelp.meetings.models import Meeting, Premises
from selvhjelp.notifications.services import unsubscribe_token
from tests.conftest import meet_weekly, register_interest
from tests.test_project import ACCESS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Routes that are not pages: actions that only take a POST, and files to download.
NOT_PAGES = {
    "profil/mine-data.json": "a download",
    "kontaktpunkt/<slug:slug>/ansatte/fjern/": "an action (POST)",
    "grupper/<str:code>/interessert/": "an action (POST)",
    "grupper/<str:code>/inne/inviter/": "an action (POST)",
    "grupper/<str:code>/inne/sjekkliste/": "an action (POST)",
    "grupper/<str:code>/inne/be-om-oppforing/": "an action (POST)",
    "grupper/<str:code>/inne/moter/<str:meeting_code>.ics": "a download",
    "grupper/<str:code>/inne/moter/<str:meeting_code>/fravaer/": "an action (POST)",
    "grupper/<str:code>/inne/beslutninger/<str:proposal>/svar/": "an action (POST)",
    "kalender/<str:token>.ics": "a download",
    "konto/logout/": "an action (POST)",
    "grupper/motemodus-sw.js": "a script",
    "favicon.ico": "an icon",
    "robots.txt": "a file for crawlers",
    "sitemap.xml": "a file for crawlers (XML)",
    "sitemap-<slug:section>.xml": "a file for crawlers (XML)",
    "interesse/ledig/<str:key>/": "a redirect to a group's page, from an email",
    "kontaktpunkt/<slug:slug>/statistikk.csv": "a download",
    "kontaktpunkt/<slug:slug>/statistikk.xlsx": "a download",
    "statistikk.csv": "a download",
    "statistikk.xlsx": "a download",
    **{
        route: "open data (JSON)"
        for route in ACCESS
        if route.startswith("api/v1/") and route != "api/v1/docs/"
    },
}


@pytest.fixture
def world(
    contact_point,
    coordinator,
    initiator,
    running_group,
    starting_group,
    member,
    participant,
    own_group,
    make_user,
    admin_user,
):
    """The cast with something on every page: meetings, a proposal, a room, a pool, an
    invitation to the staff and to a group, a calendar feed."""
    meet_weekly(running_group, start_date=timezone.localdate() + timedelta(days=1))
    meeting = Meeting.objects.filter(series__group=running_group).earliest("starts_at")
    proposal = proposal_create(
        group=running_group, by=member, kind="question", text="Skal vi ha pause i jul?", payload={}
    )
    room = Premises.objects.create(
        contact_point=contact_point, name="Biblioteket", address="Gata 1"
    )
    register_interest(participant)
    pool = Pool.objects.get(contact_point=contact_point)
    invitee = make_user("Ny ansatt")
    invitation = staff_invite(
        contact_point=contact_point, email=invitee.email, role="initiator", invited_by=coordinator
    )
    member_invite(group=starting_group, user=participant)
    starter = make_user("Starter")
    mine = own_group(starter)
    slug, code = contact_point.slug, running_group.code
    inside = f"/grupper/{code}/inne"
    staff = f"/kontaktpunkt/{slug}"
    return {
        "": (None, "/"),
        "prinsipper/": (None, "/prinsipper/"),
        "samtalekompasset/": (None, "/samtalekompasset/"),
        "samtalekompasset/plakat/": (None, "/samtalekompasset/plakat/"),
        "personvern/": (None, "/personvern/"),
        "tilgjengelighet/": (None, "/tilgjengelighet/"),
        "profil/": (coordinator, "/profil/"),
        "profil/mine-data/": (member, "/profil/mine-data/"),
        "profil/slett/": (member, "/profil/slett/"),
        "varsler/": (member, "/varsler/"),
        "varsler/av/<str:token>/": (
            None,
            f"/varsler/av/{unsubscribe_token(member, 'group_news')}/",
        ),
        "grupper/": (None, "/grupper/"),
        "grupper/<str:code>/": (participant, f"/grupper/{code}/"),
        "kontaktpunkt/<slug:slug>/": (None, f"/kontaktpunkt/{slug}/"),
        "kontaktpunkt/<slug:slug>/rediger/": (coordinator, f"{staff}/rediger/"),
        "kontaktpunkt/<slug:slug>/ansatte/": (coordinator, f"{staff}/ansatte/"),
        "kontaktpunkt/<slug:slug>/interesse/": (coordinator, f"{staff}/interesse/"),
        "kontaktpunkt/<slug:slug>/interesse/<str:code>/": (
            coordinator,
            f"{staff}/interesse/{pool.code}/",
        ),
        "ansatt/invitasjon/<str:token>/": (invitee, f"/ansatt/invitasjon/{invitation.token}/"),
        "grupper/ny/": (participant, "/grupper/ny/"),
        "grupper/<str:code>/inne/": (member, f"{inside}/"),
        "grupper/<str:code>/inne/inntak/": (
            initiator,
            f"/grupper/{starting_group.code}/inne/inntak/",
        ),
        "grupper/<str:code>/inne/avtale/": (member, f"{inside}/avtale/"),
        "grupper/<str:code>/inne/taushetserklaering/": (member, f"{inside}/taushetserklaering/"),
        "grupper/<str:code>/inne/taushetserklaering/utskrift/": (
            member,
            f"{inside}/taushetserklaering/utskrift/",
        ),
        "grupper/<str:code>/svar/": (participant, f"/grupper/{starting_group.code}/svar/"),
        "grupper/<str:code>/bli-med/<str:token>/": (
            participant,
            f"/grupper/{mine.code}/bli-med/{mine.invitation_token}/",
        ),
        "grupper/<str:code>/oppfolging/": (initiator, f"/grupper/{code}/oppfolging/"),
        "grupper/<str:code>/inne/moter/": (member, f"{inside}/moter/"),
        "grupper/<str:code>/inne/moter/<str:meeting_code>/": (
            member,
            f"{inside}/moter/{meeting.code}/",
        ),
        "grupper/<str:code>/inne/slutte/": (member, f"{inside}/slutte/"),
        "grupper/<str:code>/inne/beslutninger/": (member, f"{inside}/beslutninger/"),
        "grupper/<str:code>/inne/beslutninger/ny/": (
            member,
            f"{inside}/beslutninger/ny/?type=series",
        ),
        "grupper/<str:code>/inne/beslutninger/<str:proposal>/": (
            member,
            f"{inside}/beslutninger/{proposal.code}/",
        ),
        "grupper/<str:code>/inne/moter/<str:meeting_code>/motemodus/": (
            member,
            f"{inside}/moter/{meeting.code}/motemodus/",
        ),
        "grupper/<str:code>/inne/moter/<str:meeting_code>/refleksjon/": (
            member,
            f"{inside}/moter/{meeting.code}/refleksjon/",
        ),
        "grupper/<str:code>/inne/refleksjon/": (member, f"{inside}/refleksjon/"),
        "grupper/<str:code>/inne/evaluering/": (member, f"{inside}/evaluering/"),
        "kontaktpunkt/<slug:slug>/samtalekompass/": (coordinator, f"{staff}/samtalekompass/"),
        "kalender/": (member, "/kalender/"),
        "kontaktpunkt/<slug:slug>/lokaler/": (coordinator, f"{staff}/lokaler/"),
        "kontaktpunkt/<slug:slug>/lokaler/<str:room>/": (
            coordinator,
            f"{staff}/lokaler/{room.code}/",
        ),
        "kontaktpunkt/<slug:slug>/godkjenning/": (coordinator, f"{staff}/godkjenning/"),
        "tema/": (coordinator, "/tema/"),
        "tema/<slug:slug>/": (admin_user, "/tema/sorg/"),
        "interesse/": (participant, "/interesse/"),
        "interesse/trekk-tilbake/": (participant, "/interesse/trekk-tilbake/"),
        "grupper/<str:code>/inne/forlat/": (member, f"{inside}/forlat/"),
        "oppfolging/": (initiator, "/oppfolging/"),
        "start/": (coordinator, "/start/"),
        "kontaktpunkt/<slug:slug>/oversikt/": (initiator, f"{staff}/oversikt/"),
        "grupper/<str:code>/inne/moter/<str:meeting_code>/avlys/": (
            member,
            f"{inside}/moter/{meeting.code}/avlys/",
        ),
        "inne/<str:key>/": (member, f"/inne/{running_group.link_key}/"),
        "inne/<str:key>/<str:page>/": (member, f"/inne/{running_group.link_key}/moter/"),
        "kontaktpunkt/<slug:slug>/statistikk/": (coordinator, f"{staff}/statistikk/"),
        "statistikk/": (admin_user, "/statistikk/"),
        "innbygging/": (None, "/innbygging/"),
        "api/v1/docs/": (None, "/api/v1/docs/"),
        # allauth: the pages as a visitor or the person sees them; a step that needs a flow
        # under way sends the visitor to where it starts, which is checked as well.
        **{
            route: (None, "/" + route)
            for route in ACCESS
            if route.startswith("konto/")
            and "<" not in route
            and "(" not in route
            and ACCESS[route] == "public"
        },
        "konto/^confirm-email/(?P<key>[-:\\w]+)/$": (None, "/konto/confirm-email/abc:def/"),
        "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
            None,
            "/konto/password/reset/key/1-abc/",
        ),
        "konto/login/code/confirm/": (None, "/konto/login/code/confirm/"),
        "konto/2fa/authenticate/": (None, "/konto/2fa/authenticate/"),
        "konto/2fa/webauthn/login/": (None, "/konto/2fa/webauthn/login/"),
        **{
            route: (coordinator, "/" + route)
            for route in ACCESS
            if route.startswith("konto/") and ACCESS[route] == "login" and "<" not in route
        },
        "konto/2fa/webauthn/keys/<int:pk>/remove/": (coordinator, "/konto/2fa/webauthn/"),
        "konto/2fa/webauthn/keys/<int:pk>/edit/": (coordinator, "/konto/2fa/webauthn/"),
    }


def test_every_page_of_the_url_table_has_a_concrete_address_here(world) -> None:
    assert sorted(set(ACCESS) - set(world) - set(NOT_PAGES)) == []


def _in_language(people, language: str) -> None:
    """Everyone in the walk reads this language, as their account says."""
    for person in people:
        person.language = language
        person.save(update_fields=["language"])


def _walk(visitor, world, *, language: str, width: int) -> list[str]:
    """Visit every page as its person, at its address in this language and at this width; the
    problems found, page by page."""
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 800})
    _in_language({person for person, _ in world.values() if person is not None}, language)
    problems: list[str] = []
    signed_in = object()
    by_person = sorted(world.items(), key=lambda item: getattr(item[1][0], "pk", 0))
    for route, (person, path) in by_person:
        if person is not signed_in:
            page.context.clear_cookies()
            if person is not None:
                visitor.login(person)
            signed_in = person
        try:
            visitor.goto(address_in(path, language))
        except AssertionError as error:
            problems.append(f"{route}: {str(error)[:1500]}")
            visitor.problems.clear()
            continue
        # The browser asks for bokmål (nb-NO) throughout: the address alone gives the language.
        shown_in = page.evaluate("document.documentElement.lang")
        if shown_in != language:
            problems.append(f"{route} ({page.url}): in {shown_in!r}, not {language!r}")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                .filter(e => e.scrollWidth > e.clientWidth + 1
                  || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(-3)
                .map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)"""
            )
            problems.append(f"{route} ({page.url}): {scroll} > {client} wide: {wide}")
    return problems


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_page_in_every_language_fits_its_width_and_passes_axe(
    visitor, world, language: str, width: int
) -> None:
    problems = _walk(visitor, world, language=language, width=width)
    assert problems == [], "\n".join(problems)


WORDS_OUTSIDE_THEIR_RINGS = """() => {
  const radius = (selector) => Number(document.querySelector(selector).getAttribute("r"));
  const centre = Number(document.querySelector(".compass__centre").getAttribute("cx"));
  const outside = [];
  const words = [...document.querySelectorAll(".compass__word")];
  for (const word of words) {
    const name = [...word.classList].find((c) => c.startsWith("compass__word--"));
    const ring = Number(name.split("--")[1]);
    const outer = radius(`.compass__ring--${ring}`);
    const inner = ring === 1 ? radius(".compass__centre") : radius(`.compass__ring--${ring - 1}`);
    const box = word.getBBox();
    const [left, right] = [box.x - centre, box.x + box.width - centre];
    const [top, bottom] = [box.y - centre, box.y + box.height - centre];
    const corners = [left, right].flatMap((x) => [top, bottom].map((y) => Math.hypot(x, y)));
    const far = Math.max(...corners);
    const dx = left > 0 ? left : right < 0 ? -right : 0;
    const dy = top > 0 ? top : bottom < 0 ? -bottom : 0;
    if (far > outer || Math.hypot(dx, dy) < inner) {
      const near = Math.hypot(dx, dy).toFixed(1);
      outside.push(`${word.textContent} (ring ${ring}: ${near}–${far} not in ${inner}–${outer})`);
    }
  }
  return [words.length, outside];
}"""


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_compass_words_stay_inside_their_rings_as_drawn(visitor, make_user, language) -> None:
    visitor.login(make_user("Leser", language=language))
    visitor.page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/samtalekompasset/", "/samtalekompasset/plakat/"):
        visitor.goto(path)
        count, outside = visitor.page.evaluate(WORDS_OUTSIDE_THEIR_RINGS)
        assert count == 20
        assert outside == []
        width = visitor.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_pages_that_answer_a_form_fit_a_phone_and_pass_axe(
    visitor, starting_group, initiator, make_user, language: str
) -> None:
    """Two pages no address in the table leads to: the hand-over's question, and the page for a
    form sent with a token that no longer holds."""
    from tests.conftest import ready_for_hand_over

    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    page = visitor.page
    page.set_viewport_size({"width": 320, "height": 800})
    visitor.login(initiator)
    visitor.goto(address_in(f"/grupper/{starting_group.code}/inne/", language))
    page.locator('form:has(input[name="step"][value="handover"]) button').click()
    visitor.check()
    assert page.locator('input[name="confirmed"]').count() == 1
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Signed out and in again elsewhere, say: the form's token no longer holds.
    page.context.clear_cookies(name="csrftoken")
    page.locator('form:has(input[name="confirmed"]) button').click()
    visitor.check()
    assert (
        page.locator("h1").inner_text()
        == {
            "nb": "Skjemaet kunne ikke sendes",
            "nn": "Skjemaet kunne ikkje sendast",
            "en": "The form could not be sent",
        }[language]
    )
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    starting_group.refresh_from_db()
    assert not starting_group.is_self_governed
