"""The curator's matching workspace (seed 000 stage 5).

Being built (issue 4): every page below answers 404 until its helper lands."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


run = _not_yet
lock = _not_yet
swap = _not_yet
add = _not_yet
score = _not_yet
weights = _not_yet
wishes = _not_yet
wish_delete = _not_yet
family = _not_yet
family_delete = _not_yet


def detail_context(request, pair) -> dict:
    """Extra context of the pair's page for this area's slot template."""
    return {}

from .pairs import delete_draft, submit  # noqa: E402,F401 - until the workspace lands
from .pairs import form as workspace  # noqa: E402,F401
