"""Fixtures of the participant tests."""

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def samples() -> Path:
    """The three sample applicant lists (students, staff, employers), shipped
    with the demo so that a clone alone runs the suite."""
    return settings.BASE_DIR / "mentoring" / "demo"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords need no real hashing in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
