"""The suite's N+1 detector (``mentoring.tests.n_plus_one``) raises on a
relation read row by row in the portal's code, not on the same rows read with
their relation, and lets an allow-listed load through only where it is allowed."""

import pytest
from zeal import NPlusOneError

from mentoring.tests import n_plus_one
from mentoring.tests.factories import MenteeFactory, ParticipantFactory
from participants.models import Mentee


@pytest.fixture
def mentees(organization):
    made = [MenteeFactory(participant=ParticipantFactory(organization=organization)) for _ in range(3)]
    return Mentee.objects.filter(pk__in=[m.pk for m in made]).order_by("pk")


@pytest.fixture
def unit():
    """One unit of work (what a request or a task opens)."""
    n_plus_one._begin()
    yield
    n_plus_one._end()


def test_a_relation_read_row_by_row_raises(mentees, unit):
    with pytest.raises(NPlusOneError, match=r"participants\.Mentee\.participant at .*participants/models\.py"):
        [str(mentee) for mentee in mentees]  # Mentee.__str__ reads its participant


def test_the_same_rows_with_their_relation_pass(mentees, unit):
    names = [str(mentee) for mentee in mentees.select_related("participant")]
    assert len(names) == 3


def test_outside_a_request_or_task_nothing_is_counted(mentees):
    assert len([str(mentee) for mentee in mentees]) == 3


def test_the_allowlist_covers_its_function_only():
    entry = next(e for e in n_plus_one.ALLOWLIST if e["field"] == "participant")
    root = str(n_plus_one.ROOT)
    inside = [(f"{root}/participants/models.py", 1, "__str__"),
              (f"{root}/{entry['within'].split('::')[0]}", 1, entry["within"].split("::")[1])]
    elsewhere = [(f"{root}/participants/models.py", 1, "__str__"), (f"{root}/pairs/views/pairs.py", 1, "detail")]
    assert n_plus_one.allowed(entry["model"], entry["field"], inside)
    assert not n_plus_one.allowed(entry["model"], entry["field"], elsewhere)
    assert all(e["why"] for e in n_plus_one.ALLOWLIST)
