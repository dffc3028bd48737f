"""The curator's «Подобрать пары» through Redis and a REAL worker (issue 13,
matching in the worker). Skipped unless REDIS_URL and DATABASE_URL are set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_match \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/pytest pairs/tests/test_matching_worker.py -q
"""

import pytest
from django.urls import reverse

from mentoring.tests.worker import running_worker, skip_without_services, wait_until
from pairs.enums import MatchingRunStatus, PairStatus
from pairs.models import MatchingRun, Pair
from participants.enums import MentorStatus
from participants.models import Mentor

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _done(run) -> bool:
    run.refresh_from_db()
    return run.status not in (MatchingRunStatus.QUEUED, MatchingRunStatus.RUNNING)


def test_the_worker_runs_the_matcher_the_page_queued(
    client, curator, tmp_path, tt_form, traditional, make_mentor, make_mentee
):
    skip_without_services()
    mentor = make_mentor("Цифрова", competencies="ИКТ-компетенции", capacity=2)
    Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.APPROVED)
    mentees = [make_mentee("Первый", requests=["ИКТ-компетенции"]),
               make_mentee("Второй", requests=["ИКТ-компетенции"])]
    client.force_login(curator)

    with running_worker(tmp_path, "matching") as log_path:
        response = client.post(reverse("pairs:matching_run"), {
            "form": tt_form.pk, "kind": traditional.pk, "mode": "best_total", "min_score": 0,
        })
        assert response.status_code == 302
        run = MatchingRun.objects.get()
        wait_until(lambda: _done(run), seconds=60, log_path=log_path, what="the matching run")

    assert run.status == MatchingRunStatus.DONE, run.error
    assert run.paired_count == 2
    drafts = Pair.objects.filter(status=PairStatus.DRAFT, matching_run=run)
    assert sorted(m.pk for pair in drafts for m in pair.mentees.all()) == sorted(
        m.pk for m in mentees
    )
    status = client.get(reverse("pairs:matching_run_status", args=[run.pk]))
    assert status.status_code == 204 and status["HX-Refresh"] == "true"
