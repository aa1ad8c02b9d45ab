"""Private links into a group, for messages and calendar feeds.

A message or a calendar feed can be read by someone else (a shared inbox, a forwarded email, a
feed address that leaked). Their links therefore never carry the group's code, which opens the
public page that names the theme: they carry the group's link key, and the page behind it sends
the group's members on to the page meant and answers 404 to everyone else.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from selvhjelp.groups.models import Group

# The pages a private link may lead to, by the word in its address.
PAGES = {
    "": "overview:home",
    "moter": "meetings:list",
    "beslutninger": "decisions:list",
    "svar": "groups:respond",
}


def group_link(group: Group, page: str = "") -> str:
    """The full private address of one of the group's pages."""
    kwargs = {"key": group.link_key}
    if page:
        return settings.SITE_URL + reverse("groups:link_page", kwargs={**kwargs, "page": page})
    return settings.SITE_URL + reverse("groups:link", kwargs=kwargs)
