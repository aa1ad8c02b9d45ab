from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How long a group may take to answer a proposal, in days.
DAYS_MIN, DAYS_MAX, DAYS_DEFAULT = 1, 30, 7


def proposal_code() -> str:
    return secrets.token_hex(5)


class ProposalKind(models.TextChoices):
    ADMIT = "admit", _("Admit someone who wants to join")
    OPEN_SEATS = "open_seats", _("Open places for new members")
    SERIES = "series", _("Change when or where we meet")
    MOVE_MEETING = "move_meeting", _("Move one meeting")
    AGREEMENT = "agreement", _("Change the group agreement")
    DECLARATION = "declaration", _("Change the confidentiality declaration")
    PAUSE = "pause", _("Take a break")
    RESUME = "resume", _("Start again after a break")
    END = "end", _("End the group")
    QUESTION = "question", _("A question with no effect")


class ProposalState(models.TextChoices):
    OPEN = "open", _("Open")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Proposal(models.Model):
    """Something the group decides together. The answers are secret and live only while it is
    open (`Vote`); at closing only the numbers are kept here (see `rule.py`)."""

    code = models.CharField(max_length=12, unique=True, default=proposal_code)
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=12, choices=ProposalKind.choices)
    text = models.TextField(_("the proposal in words"), blank=True)
    # What the effect needs: the applicant, the number of seats, the new agreement or wording…
    payload = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who counts: the members when the proposal was made (see rule.py).
    counting = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField()
    state = models.CharField(
        max_length=12, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why an adopted proposal's effect could not be applied (then it is not adopted).
    reason = models.CharField(max_length=30, blank=True)
    reminded = models.BooleanField(default=False)
    # Set at closing, from the answers, which are then deleted (`rule.final_count`): how many
    # counted, how many answered, and the yes and no where they tell nobody another's answer.
    counted_count = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_count = models.PositiveSmallIntegerField(null=True, blank=True)
    yes_count = models.PositiveSmallIntegerField(null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "deadline"], name="proposal_due")]
        # A check that compares with NULL passes, so each names the fields it needs as set.
        constraints = [
            models.CheckConstraint(
                name="proposal_counted_at_closing",
                condition=(
                    models.Q(
                        state=ProposalState.OPEN,
                        counted_count__isnull=True,
                        answered_count__isnull=True,
                        yes_count__isnull=True,
                        no_count__isnull=True,
                    )
                    | (
                        ~models.Q(state=ProposalState.OPEN)
                        & models.Q(
                            counted_count__isnull=False,
                            answered_count__isnull=False,
                            answered_count__lte=models.F("counted_count"),
                        )
                    )
                ),
            ),
            models.CheckConstraint(
                name="proposal_split_adds_up",
                condition=models.Q(yes_count__isnull=True, no_count__isnull=True)
                | models.Q(
                    yes_count__isnull=False,
                    no_count__isnull=False,
                    answered_count=models.F("yes_count") + models.F("no_count"),
                ),
            ),
            models.CheckConstraint(
                name="proposal_adopted_by_everyone",
                condition=~models.Q(state=ProposalState.ADOPTED)
                | models.Q(
                    counted_count__gt=0,
                    yes_count__isnull=False,
                    yes_count=models.F("counted_count"),
                    no_count=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.code})"


class Vote(models.Model):
    """One member's answer to an open proposal, shown to that member only; deleted when the
    proposal closes. No time is kept: it would order the answers against other events."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    yes = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}"
