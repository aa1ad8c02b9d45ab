"""/favicon.ico answers: browsers and calendar apps ask for it whatever a page links to."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_favicon_is_an_icon_anyone_may_fetch() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file with one or more images
    assert "public" in response["Cache-Control"]
