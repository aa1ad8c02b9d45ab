"""What statistics keep about a group: a small record with no person in it.

A group's memberships, notices of absence and proposals are erased 90 days after it ends, and
members' traces go when they leave or delete their account. The record keeps what the
statistics need, written when the group starts (first meeting held), when it is handed over and
when it ends (`statistics.services.group_records_refresh`): its theme, format, municipality and
contact point, the dates, and how many members it had at each of those moments. Its counters
only grow, so a later erasure cannot lower them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupRecord(models.Model):
    # The group itself stays after its personal data goes; if an administrator deletes it, the
    # record stays without it.
    group = models.OneToOneField(
        "groups.Group", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint", on_delete=models.CASCADE, null=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    themes = models.ManyToManyField("groups.Theme", related_name="+")
    format = models.CharField(max_length=10)
    state = models.CharField(max_length=10)
    created_on = models.DateField()
    # When the pool the group was formed from last reached its threshold, if there was one.
    pool_reached_on = models.DateField(null=True)
    started_on = models.DateField(null=True)
    handed_over_on = models.DateField(null=True)
    ended_on = models.DateField(null=True)
    paused_since = models.DateField(null=True)
    members_at_start = models.PositiveSmallIntegerField(null=True)
    members_at_handover = models.PositiveSmallIntegerField(null=True)
    members_at_end = models.PositiveSmallIntegerField(null=True)
    meetings_held = models.PositiveIntegerField(default=0)
    meetings_with_notice = models.PositiveIntegerField(default=0)
    reflections_answered = models.PositiveIntegerField(default=0)
    evaluations_answered = models.PositiveIntegerField(default=0)
    # The initiator's follow-up visit: None until it is done; then whether it came after the
    # group's third meeting on its own and before its sixth (the model's "after 3–5 meetings").
    follow_up_in_window = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("group record")
        verbose_name_plural = _("group records")
        indexes = [models.Index(fields=["contact_point", "started_on"], name="record_by_start")]

    def __str__(self) -> str:
        return str(self.pk)
