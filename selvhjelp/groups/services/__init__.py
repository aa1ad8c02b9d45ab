"""What changes a group. One module per concern; reads live in `groups.selectors`.

- `creation`: a new group, for a contact point or self-started, with its frames.
- `membership`: invitations and links, admission within the group's places, leaving, intake.
- `frames`: the group agreement and the versioned confidentiality declaration.
- `handover`: the start-up steps an initiator marks, the hand-over and the follow-up visit.
- `listing`: a self-started group asking to be listed, and a coordinator approving it.
- `search`: the text the directory searches in.
"""


class GroupFull(Exception):
    """Every place in the group is taken."""


class NotAllowed(Exception):
    """The step does not fit the group's state, or the person's part in it."""


class OutOfRange(Exception):
    """A day staff gave lies further back or ahead than `groups.models.typed_dates` allows."""


class NotYet(Exception):
    """It is about a meeting or a visit that has not happened yet."""
