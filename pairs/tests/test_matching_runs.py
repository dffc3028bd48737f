"""The matcher as a background job (pairs/services/matching_runs.py, the task
``pairs.run_matching``, pairs/views/workspace.py; issue 13): a queued run, the
page that polls it, one run per cohort at a time, idempotent deliveries."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from mentoring.jobs import BackgroundUnavailable
from pairs.enums import MatchingRunStatus, PairStatus
from pairs.models import MatchingRun, Pair
from pairs.services import matching_runs
from pairs.services.matching_runs import perform_matching_run, request_matching
from pairs.tasks import task_run_matching
from participants.enums import MentorStatus
from participants.models import Mentor


@pytest.fixture
def cohort(make_mentor, make_mentee):
    """Two approved mentors with one place each, three mentees: one is left over
    (the third asks for less than the second, so the optimum is unique)."""
    mentors = []
    for surname, kw in (("Олимпиадова", {"interests": "олимпиадное движение"}),
                        ("Цифрова", {"competencies": "ИКТ-компетенции"})):
        mentor = make_mentor(surname, capacity=1, **kw)
        Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.APPROVED)
        mentors.append(mentor)
    mentees = [
        make_mentee("Первый", requests=["подготовка к олимпиаде"]),
        make_mentee("Второй", requests=["ИКТ-компетенции"]),
        make_mentee("Третий", requests=["ИКТ-компетенции", "волейбол"]),
    ]
    return mentors, mentees


@pytest.fixture
def request_run(organization, curator, tt_form, traditional):
    def go(**kw):
        kw.setdefault("actor", curator)
        kw.setdefault("kind", traditional)
        return request_matching(organization=organization, form=tt_form, **kw)

    return go


def _drafts(organization, tt_form) -> list[tuple[int, tuple[int, ...]]]:
    """[(mentor pk, (mentee pks))] of the drafts of the form: the assignment."""
    return sorted(
        (pair.mentor_id, tuple(sorted(m.pk for m in pair.mentees.all())))
        for pair in Pair.objects.filter(organization=organization, form=tt_form,
                                        status=PairStatus.DRAFT).prefetch_related("mentees")
    )


# --- the service -------------------------------------------------------------------------------


def test_request_queues_a_run_that_the_commit_hands_to_the_worker(
    organization, tt_form, cohort, request_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run, created = request_run(mode="most_paired", min_score=5)

    assert created and len(callbacks) == 1
    run.refresh_from_db()
    assert (run.status, run.mode, run.min_score, run.paired_count) == (
        MatchingRunStatus.QUEUED, "most_paired", 5.0, 0
    )
    assert Pair.objects.count() == 0  # nothing is matched in the request

    callbacks[0]()  # the commit: the task runs (eagerly, the embedded default)

    run.refresh_from_db()
    assert (run.status, run.paired_count, run.mentees_count, run.error) == (
        MatchingRunStatus.DONE, 2, 3, ""
    )
    assert run.started_at <= run.finished_at
    mentors, mentees = cohort
    assert _drafts(organization, tt_form) == sorted(
        [(mentors[0].pk, (mentees[0].pk,)), (mentors[1].pk, (mentees[1].pk,))]
    )
    assert set(Pair.objects.values_list("matching_run", flat=True)) == {run.pk}


def test_running_the_task_twice_leaves_the_same_drafts(
    organization, tt_form, cohort, request_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _created = request_run()
    first = _drafts(organization, tt_form)
    pks = set(Pair.objects.values_list("pk", flat=True))

    assert task_run_matching.apply(kwargs={"run_id": run.pk}).get() == MatchingRunStatus.DONE

    assert _drafts(organization, tt_form) == first and len(first) == 2
    assert set(Pair.objects.values_list("pk", flat=True)) == pks  # untouched, not redone
    assert MatchingRun.objects.get().paired_count == 2


def test_a_redelivered_run_whose_worker_died_is_done_once(
    organization, tt_form, cohort, request_run, django_capture_on_commit_callbacks
):
    """The worker died inside the run: its transaction rolled back, the row says
    «running». The next delivery does the run; one more changes nothing."""
    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRunStatus.RUNNING,
                                                 started_at=timezone.now())

    task_run_matching.apply(kwargs={"run_id": run.pk})
    once = _drafts(organization, tt_form)
    task_run_matching.apply(kwargs={"run_id": run.pk})

    assert len(once) == 2 and _drafts(organization, tt_form) == once
    assert Pair.objects.count() == 2
    run.refresh_from_db()
    assert run.status == MatchingRunStatus.DONE


def test_a_missing_or_failed_run_is_skipped(organization, tt_form, cohort, request_run,
                                            django_capture_on_commit_callbacks):
    assert task_run_matching.apply(kwargs={"run_id": 987654}).get() is None
    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRunStatus.FAILED)

    assert perform_matching_run(run.pk).status == MatchingRunStatus.FAILED
    assert Pair.objects.count() == 0


def test_a_second_request_shows_the_run_in_progress(
    organization, tt_form, traditional, group_kind, cohort, request_run,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        first, _created = request_run()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again, created = request_run(mode="most_paired")

    assert (again, created, callbacks) == (first, False, [])
    assert MatchingRun.objects.count() == 1
    # another kind is another cohort's run
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        other, created = request_run(kind=group_kind)
    assert created and other != first and len(callbacks) == 1


def test_a_stale_running_run_fails_and_a_new_one_is_queued(
    organization, tt_form, cohort, request_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        stuck, _created = request_run()
    long_ago = timezone.now() - matching_runs.STALE_AFTER - datetime.timedelta(seconds=1)
    MatchingRun.objects.filter(pk=stuck.pk).update(status=MatchingRunStatus.RUNNING,
                                                   started_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        run, created = request_run()

    stuck.refresh_from_db()
    assert created and run != stuck
    assert stuck.status == MatchingRunStatus.FAILED and "прерван" in stuck.error
    run.refresh_from_db()
    assert run.status == MatchingRunStatus.DONE


def test_a_run_queued_for_too_long_fails_and_a_new_one_is_queued(
    tt_form, cohort, request_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        lost, _created = request_run()
    moment = timezone.now() - matching_runs.QUEUED_STALE_AFTER
    MatchingRun.objects.filter(pk=lost.pk).update(created_at=moment + datetime.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=False):
        assert request_run() == (lost, False)  # still waiting its turn
    MatchingRun.objects.filter(pk=lost.pk).update(created_at=moment - datetime.timedelta(seconds=5))

    with django_capture_on_commit_callbacks(execute=True):
        run, created = request_run()

    lost.refresh_from_db()
    assert created and lost.status == MatchingRunStatus.FAILED
    assert task_run_matching.apply(kwargs={"run_id": lost.pk}).get() == MatchingRunStatus.FAILED
    run.refresh_from_db()
    assert run.status == MatchingRunStatus.DONE and Pair.objects.count() == 2


def test_the_database_allows_one_active_run_per_cohort(organization, tt_form, traditional):
    fields = {"organization": organization, "form": tt_form, "kind": traditional,
              "mode": "best_total"}
    MatchingRun.objects.create(status=MatchingRunStatus.RUNNING, **fields)
    MatchingRun.objects.create(status=MatchingRunStatus.DONE, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchingRun.objects.create(status=MatchingRunStatus.QUEUED, **fields)


def test_an_internal_error_fails_the_run_and_keeps_the_drafts(
    organization, tt_form, cohort, request_run, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_run()
    before = _drafts(organization, tt_form)
    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()

    def broken(run, *, actor, progress=None):
        Pair.objects.all().delete()  # rolled back with the rest of the run
        raise RuntimeError("bug")

    monkeypatch.setattr(matching_runs, "match_cohort", broken)
    perform_matching_run(run.pk)

    run.refresh_from_db()
    assert run.status == MatchingRunStatus.FAILED
    assert "внутренней ошибки" in run.error and "bug" not in run.error
    assert _drafts(organization, tt_form) == before and len(before) == 2


def test_the_soft_time_limit_fails_the_run_with_a_message(
    tt_form, cohort, request_run, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()

    def too_long(run, *, actor, progress=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(matching_runs, "match_cohort", too_long)
    perform_matching_run(run.pk)

    run.refresh_from_db()
    assert run.status == MatchingRunStatus.FAILED and "300" in run.error


def test_a_database_error_is_left_to_the_retry(
    tt_form, cohort, request_run, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()

    def gone(run, *, actor, progress=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(matching_runs, "match_cohort", gone)
    with pytest.raises(OperationalError):
        perform_matching_run(run.pk)

    run.refresh_from_db()
    assert run.status == MatchingRunStatus.RUNNING  # the retry runs it again
    assert OperationalError in task_run_matching.autoretry_for
    assert (task_run_matching.acks_late, task_run_matching.reject_on_worker_lost) == (True, True)
    assert (task_run_matching.soft_time_limit, task_run_matching.time_limit) == (300, 360)


def test_broker_down_writes_nothing(tt_form, cohort, request_run, monkeypatch):
    def down():
        raise BackgroundUnavailable()

    monkeypatch.setattr(matching_runs, "require_background", down)
    with pytest.raises(BackgroundUnavailable):
        request_run()
    assert MatchingRun.objects.count() == 0


def test_a_run_that_could_not_be_sent_fails(
    tt_form, cohort, request_run, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(task_run_matching, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        run, _created = request_run()

    run.refresh_from_db()
    assert run.status == MatchingRunStatus.FAILED and run.error
    assert Pair.objects.count() == 0


# --- the pages ----------------------------------------------------------------------------------


def _post_run(client, tt_form, traditional):
    return client.post(reverse("pairs:matching_run"), {
        "form": tt_form.pk, "kind": traditional.pk, "mode": "best_total", "min_score": 0,
    }, follow=True)


def test_the_workspace_polls_a_queued_run_then_reloads(
    client, curator, tt_form, traditional, cohort, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = _post_run(client, tt_form, traditional).content.decode()
    run = MatchingRun.objects.get()
    status_url = reverse("pairs:matching_run_status", args=[run.pk])

    assert "Подбор в очереди" in page
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 1s"' in page
    assert 'id="run-button" disabled' in page
    fragment = client.get(status_url)
    assert fragment.status_code == 200 and "Подбор в очереди" in fragment.content.decode()
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRunStatus.RUNNING)
    assert "Подбор идёт" in client.get(status_url).content.decode()

    callbacks[0]()  # the worker runs it

    done = client.get(status_url)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    page = client.get(reverse("pairs:form"), {"form": tt_form.pk, "kind": traditional.pk})
    page = page.content.decode()
    assert 'id="run-progress"' not in page and 'id="run-paired">2' in page
    assert page.count('id="draft-') == 2


def test_a_second_click_shows_the_run_in_progress(
    client, curator, tt_form, traditional, cohort, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=False):
        _post_run(client, tt_form, traditional)
        page = _post_run(client, tt_form, traditional).content.decode()

    assert MatchingRun.objects.count() == 1
    assert "уже идёт" in page and 'id="run-progress"' in page


def test_a_failed_run_shows_its_error(client, curator, organization, tt_form, traditional):
    MatchingRun.objects.create(
        organization=organization, form=tt_form, kind=traditional, mode="best_total",
        status=MatchingRunStatus.FAILED, error="Причина сбоя.",
    )
    client.force_login(curator)

    page = client.get(reverse("pairs:form"), {"form": tt_form.pk, "kind": traditional.pk})

    assert 'id="run-failed"' in page.content.decode() and "Причина сбоя." in page.content.decode()


def test_run_status_of_another_organisation_answers_404(client, charlie, organization, tt_form,
                                                         traditional):
    run = MatchingRun.objects.create(organization=organization, form=tt_form, kind=traditional,
                                     mode="best_total")
    client.force_login(charlie)

    assert client.get(reverse("pairs:matching_run_status", args=[run.pk])).status_code == 404


@pytest.mark.parametrize("who", ["alice", "director"])
def test_run_status_is_for_the_curator_only_404_to_others(client, request, who, organization, tt_form, traditional):
    run = MatchingRun.objects.create(organization=organization, form=tt_form, kind=traditional,
                                     mode="best_total")
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("pairs:matching_run_status", args=[run.pk])).status_code == 404


def test_broker_down_page_says_so(client, curator, tt_form, traditional, cohort, monkeypatch):
    def down():
        raise BackgroundUnavailable()

    monkeypatch.setattr(matching_runs, "require_background", down)
    client.force_login(curator)

    page = _post_run(client, tt_form, traditional).content.decode()

    assert "недоступен" in page
    assert MatchingRun.objects.count() == 0


# --- the progress bar (issue 15) ------------------------------------------------------------------


def test_the_run_reports_its_steps_in_order(organization, curator, tt_form, traditional, cohort):
    from pairs.models import DEFAULT_WEIGHTS
    from pairs.services.matching import lock_cohort, match_cohort

    run = MatchingRun.objects.create(
        organization=organization, form=tt_form, kind=traditional, mode="best_total",
        weights=dict(DEFAULT_WEIGHTS), status=MatchingRunStatus.RUNNING, started_at=timezone.now(),
    )
    seen = []
    with transaction.atomic():
        lock_cohort(organization)
        match_cohort(run, actor=curator, progress=lambda percent, step: seen.append((percent, step)))

    steps = [step for _percent, step in seen]
    assert list(dict.fromkeys(steps)) == ["loading", "scoring", "solving", "writing"]
    percents = [percent for percent, _step in seen]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert run.paired_count == 2


def test_the_job_reports_through_the_cache_and_the_page_shows_the_bar(
    client, curator, tt_form, traditional, cohort, request_run, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from pairs.enums import MatchingStep

    with django_capture_on_commit_callbacks(execute=False):
        run, _created = request_run()
    status_url = reverse("pairs:matching_run_status", args=[run.pk])
    client.force_login(curator)
    queued = client.get(status_url).content.decode()
    assert 'role="progressbar"' not in queued  # queued: nothing to measure yet

    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRunStatus.RUNNING)
    matching_runs._progress_of(run.pk)(42, "scoring")
    running = client.get(status_url).content.decode()
    assert 'data-progress="42"' in running and 'data-run-step="scoring"' in running
    assert str(MatchingStep.SCORING.label) in running

    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRunStatus.QUEUED)
    perform_matching_run(run.pk)  # the worker's body: it reports as it goes
    assert cache.get(matching_runs._progress_key(run.pk)) == {"percent": 100, "step": "writing"}
    run.refresh_from_db()
    assert run.status == MatchingRunStatus.DONE
    assert matching_runs.run_progress(run) == {"percent": 0, "step": "", "label": ""}
