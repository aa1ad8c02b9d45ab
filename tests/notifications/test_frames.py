from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from selvhjelp.notifications import frames
from selvhjelp.notifications.frames import frame_render
from selvhjelp.notifications.kinds import KINDS

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates" / "notifications"
# Every value any notification template prints, with characters that HTML escapes.
CONTEXT = {
    "recipient_name": "Per <b>& 'Pål'</b>",
    "unsubscribe_url": "https://selvhjelp.test/avmeld/x/?a=1&b=2",
    "site_url": "https://selvhjelp.test",
    "preferences_url": "https://selvhjelp.test/varsler/",
    "starts_at": "tirsdag 18:00 <i>",
    "meeting_url": "https://selvhjelp.test/m/?a=1&b=2",
    "group_url": 'https://selvhjelp.test/g/"q"',
    "interest_url": "https://selvhjelp.test/i/",
    "pool_url": "https://selvhjelp.test/p/",
    "approvals_url": "https://selvhjelp.test/a/",
    "expires": "2027-01-31",
    "count": 12345,
    "contact_point": "Frivillig & co",
    "role": "koordinator",
    "days": 14,
    "url": "https://selvhjelp.test/s/",
}
NAMES = sorted(
    f"notifications/{kind}/{part}"
    for kind in KINDS
    if (TEMPLATES / kind).is_dir()
    for part in ("subject.txt", "body.txt", "body.html")
)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "context",
    [CONTEXT, {**CONTEXT, "unsubscribe_url": None, "recipient_name": ""}, {}],
    ids=["every value", "some unset", "no context"],
)
def test_a_kept_template_gives_what_django_renders(
    name: str, language: str, context: dict[str, object]
) -> None:
    with translation.override(language):
        expected = render_to_string(name, context)
        assert frame_render(name, context) == expected
        # The second time comes from what was kept.
        assert frame_render(name, context) == expected


def test_every_notification_template_is_kept() -> None:
    with translation.override("nb"):
        for name in NAMES:
            frame_render(name, CONTEXT)
    drawn = {key[0]: parts for key, (_, parts) in frames._kept.items()}
    assert all(drawn[name] is not None for name in NAMES)


@pytest.mark.parametrize(
    "source",
    [
        "{{ name|upper }}",
        "{{ person.name }}",
        "{% if count > 3 %}many{% endif %}",
        "{% translate name %}",
        "{% blocktranslate count n=count %}one{% plural %}{{ n }} many{% endblocktranslate %}",
        "{% for x in items %}{{ x }}{% endfor %}",
    ],
)
def test_a_template_that_does_more_than_print_its_values_is_rendered_each_time(
    source: str,
) -> None:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    template = engine.from_string("{% load i18n %}" + source)
    assert frames._draw(template, {"name": "x", "count": 2, "items": [1]}) is None


def test_a_template_changed_on_disk_is_drawn_anew(settings, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Hei {{ name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False, "OPTIONS": {}}
    ]
    assert frame_render("t.txt", {"name": "Per"}) == "Hei Per"
    (tmp_path / "t.txt").write_text("Hallo {{ name }}")
    engines["django"].engine.template_loaders[0].reset()  # type: ignore[attr-defined]
    assert frame_render("t.txt", {"name": "Per"}) == "Hallo Per"
