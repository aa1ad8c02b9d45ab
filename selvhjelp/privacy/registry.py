"""Every part of the personal data the platform keeps, from each app's `personal.py`.

The export (`privacy.selectors.person_export`) shows the parts in this order, the account
first. Erasure (`privacy.services.person_erase`) runs them backwards, from the top layer down,
so that each part still finds the rows below it that lead to the person (a meeting's group
through the person's membership, say). A test fails when a model that points at a person is
in no part: a new app with personal data adds its module here.
"""

from __future__ import annotations

from selvhjelp.accounts import personal as accounts
from selvhjelp.accounts.personal import PersonalData
from selvhjelp.audit import personal as audit
from selvhjelp.contactpoints import personal as contactpoints
from selvhjelp.decisions import personal as decisions
from selvhjelp.groups import personal as groups
from selvhjelp.interest import personal as interest
from selvhjelp.meetings import personal as meetings
from selvhjelp.notifications import personal as notifications
from selvhjelp.reflection import personal as reflection

PARTS: tuple[PersonalData, ...] = (
    *accounts.PARTS,
    *notifications.PARTS,
    *audit.PARTS,
    *contactpoints.PARTS,
    *groups.PARTS,
    *interest.PARTS,
    *meetings.PARTS,
    *decisions.PARTS,
    *reflection.PARTS,
)


def covered_models() -> set[str]:
    """The models some part covers, by label ("app_label.ModelName")."""
    return {label for part in PARTS for label in part.models}
