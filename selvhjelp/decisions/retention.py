"""The decisions app's parts of the retention jobs (composed in `background/retention.py`).

A proposal names who proposed it, who counted and, for an admission, who applied; its votes
name the voters until it closes. None of it is kept once the group's personal data is erased.
"""

from __future__ import annotations

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal
from selvhjelp.groups.models import Group


def group_proposals_erase(*, group: Group) -> int:
    """Delete every proposal of an ended group; their votes go with them."""
    _, deleted = Proposal.objects.filter(group=group).delete()
    return deleted.get(Proposal._meta.label, 0)


def proposer_forget(*, group: Group, user: User) -> int:
    """A former member's name leaves the proposals they made; the proposals stay."""
    return Proposal.objects.filter(group=group, proposed_by=user).update(proposed_by=None)
