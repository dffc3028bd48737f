"""The cadence reminder task run twice sends each e-mail once (issue 13: every
task is idempotent; pairs/tasks.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from pairs.models import Pair
from pairs.tasks import task_remind_inactive_pairs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def late_pair(organization, tt_form):
    """A working pair approved a month ago that never met: it broke the cadence."""
    mentor = MentorFactory(participant=ParticipantFactory(organization=organization, email="m@example.ru"))
    return PairFactory(organization=organization, mentor=mentor, form=tt_form, status=PairStatus.ACTIVE,
                       approved_at=timezone.now() - datetime.timedelta(days=30),
                       mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])


def state(pair_id: int) -> tuple:
    return (Pair.objects.get(pk=pair_id).reminded_at, [m.to for m in mail.outbox])


def test_the_daily_run_twice_sends_one_e_mail(late_pair):
    first = task_remind_inactive_pairs.apply().get()
    after_first = state(late_pair.pk)

    second = task_remind_inactive_pairs.apply().get()

    assert (first["pairs"], second["pairs"], second["recent"]) == (1, 0, 1)
    assert state(late_pair.pk) == after_first and after_first[1] == [["m@example.ru"]]


def test_a_redelivered_reminder_of_the_curator_sends_nothing_twice(late_pair, curator):
    job = {"pair_ids": [late_pair.pk], "force": True, "requested_at": timezone.now().isoformat(),
           "actor_id": curator.pk}
    task_remind_inactive_pairs.apply(kwargs=job)
    after_first = state(late_pair.pk)

    task_remind_inactive_pairs.apply(kwargs=job)

    assert state(late_pair.pk) == after_first and len(mail.outbox) == 1
