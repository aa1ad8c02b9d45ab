"""What the repository holds: no secret, no data folder, no database, ever."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_NAMES = re.compile(
    r"(^|/)(secret_key|\.env(\..*)?|id_(rsa|ed25519|ecdsa)|.*\.(pem|key|p12|pfx|sqlite3)|var/.*)$"
)
SECRET_CONTENT = re.compile(
    rb"-----BEGIN [A-Z ]*PRIVATE KEY-----|SELVHJELP_SECRET_KEY\s*=\s*['\"]?[A-Za-z0-9_\-]{50,}"
)


def _tracked() -> list[str]:
    git = shutil.which("git")
    assert git is not None, "the repository checks need git"
    listing = subprocess.run(  # noqa: S603 - a fixed git command
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in listing.decode().split("\0") if name]


def test_no_tracked_file_is_named_like_a_secret_or_a_data_folder() -> None:
    assert [name for name in _tracked() if SECRET_NAMES.search(name)] == []


def test_no_tracked_file_holds_a_private_key_or_a_secret_key() -> None:
    found = [
        name
        for name in _tracked()
        if (ROOT / name).is_file() and SECRET_CONTENT.search((ROOT / name).read_bytes())
    ]
    assert found == []


def test_the_patterns_recognise_what_they_are_for() -> None:
    for name in ("selvhjelp/var/secret_key", "var/selvhjelp.sqlite3", ".env", "deploy/tls.key"):
        assert SECRET_NAMES.search(name), name
    assert not SECRET_NAMES.search("selvhjelp/settings.py")
    # Put together here, so that this file does not hold what it looks for.
    assert SECRET_CONTENT.search(b"-----BEGIN RSA " + b"PRIVATE KEY-----")
    assert SECRET_CONTENT.search(b"SELVHJELP_SECRET_KEY=" + b"x" * 60)
    assert not SECRET_CONTENT.search(b"SELVHJELP_SECRET_KEY must be at least 50 characters")


def test_the_default_data_folder_is_in_the_project_folder() -> None:
    from django.conf import settings

    assert Path(settings.PROJECT_DIR) == ROOT
