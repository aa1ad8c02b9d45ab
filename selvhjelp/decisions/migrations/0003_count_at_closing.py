"""Proposals keep numbers, not answers: decided proposals get their numbers from the votes
they still have, and those votes are deleted (issue 13). Open proposals keep their votes."""

from django.db import migrations, models
from django.db.models import Q

from selvhjelp.decisions.rule import Count, final_count


def _counted_at_closing(Membership, proposal):
    """Who counted when it was decided, as far as the memberships still tell: asked, and a
    member then (still one, or left after the decision)."""
    asked = set(proposal.counting)
    members = Membership.objects.filter(group_id=proposal.group_id, user_id__in=asked)
    if proposal.decided_at is not None:
        members = members.filter(Q(state="member") | Q(state="left", left_at__gt=proposal.decided_at))
    else:
        members = members.filter(state="member")
    return set(members.values_list("user_id", flat=True))


def count_and_forget(apps, schema_editor):
    Proposal = apps.get_model("decisions", "Proposal")
    Vote = apps.get_model("decisions", "Vote")
    Membership = apps.get_model("groups", "Membership")
    for proposal in Proposal.objects.exclude(state="open"):
        votes = Vote.objects.filter(proposal=proposal)
        answers = dict(votes.values_list("voter_id", "yes"))
        if proposal.state == "adopted":
            # Everyone who counted said yes. Someone who counted may have deleted their account
            # since (their vote went with it), so count the yes that are left, or those asked.
            asked = set(proposal.counting)
            everyone = len({p for p, yes in answers.items() if yes and p in asked}) or len(asked)
            count = Count(counted=everyone, answered=everyone, yes=everyone, no=0)
        else:
            count = final_count(counting=_counted_at_closing(Membership, proposal), answers=answers)
        proposal.counted_count, proposal.answered_count = count.counted, count.answered
        proposal.yes_count, proposal.no_count = count.yes, count.no
        proposal.save(update_fields=["counted_count", "answered_count", "yes_count", "no_count"])
        votes.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0002_move_meeting_kind"),
        ("groups", "0006_frames_suggestions_and_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="answered_count",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="proposal",
            name="counted_count",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="proposal",
            name="no_count",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="proposal",
            name="yes_count",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        # The votes cannot come back: going backwards leaves decided proposals without them.
        migrations.RunPython(count_and_forget, migrations.RunPython.noop),
    ]
