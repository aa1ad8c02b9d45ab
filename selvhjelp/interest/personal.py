"""A person's interest in finding a group (see accounts.personal). Health data: erasing it is
withdrawing it, so the pools it counted in are checked again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label
from selvhjelp.groups.models import TimeOfDay, Weekday
from selvhjelp.interest.models import Interest, Reach
from selvhjelp.interest.services import interest_withdraw


def _export(*, user: User) -> Row | None:
    interest = (
        Interest.objects.filter(user=user)
        .select_related("municipality", "contact_point")
        .prefetch_related("themes")
        .first()
    )
    if interest is None:
        return None
    return {
        "themes": [theme.name for theme in interest.themes.all()],
        "municipality": interest.municipality.name,
        "reach": choice_label(Reach.choices, interest.reach),
        "digital_ok": interest.digital_ok,
        "weekdays": [choice_label(Weekday.choices, day) for day in interest.weekdays],
        "times_of_day": [choice_label(TimeOfDay.choices, time) for time in interest.times_of_day],
        "contact_point": interest.contact_point.name if interest.contact_point else None,
        "confirmed_at": interest.confirmed_at,
        "expires_at": interest.expires_at,
    }


def _erase(*, user: User, addresses: set[str]) -> None:
    interest_withdraw(user=user)


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="interest",
        title=_("Your interest in a group"),
        purpose=_(
            "To find or start a group that suits you. It is kept for 12 months after you last "
            "confirmed it, with your consent."
        ),
        models=("interest.Interest", "interest.Interest_themes"),
        export=_export,
        erase=_erase,
        labels={
            "themes": _("Themes"),
            "municipality": _("Municipality"),
            "reach": _("How far you can travel"),
            "digital_ok": _("Video or phone is fine"),
            "weekdays": _("Days that suit you"),
            "times_of_day": _("Times that suit you"),
            "contact_point": _("Contact point"),
            "confirmed_at": _("Last confirmed"),
            "expires_at": _("Deleted on"),
        },
    ),
)
