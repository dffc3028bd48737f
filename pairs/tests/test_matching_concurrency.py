"""Two curators running the matcher for the same cohort at once (issue 13,
"Concurrency on PostgreSQL"): real threads, each with its own connection,
released together by a barrier. The runs serialise (``matching.lock_cohort``),
so one consistent set of drafts is left — the one a single run makes.

SQLite serialises every writer, so these tests run on PostgreSQL only, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_match \\
    .venv/bin/pytest pairs/tests/test_matching_concurrency.py -q
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from mentoring.enums import Role
from mentoring.tests.factories import MembershipFactory, UserFactory
from pairs.enums import MatchingRunStatus, PairStatus
from pairs.models import MatchingRun, Pair
from pairs.services.matching import run_matching
from pairs.services.matching_runs import request_matching
from participants.enums import MenteeStatus, MentorStatus
from participants.models import Mentee, Mentor

pytestmark = pytest.mark.django_db(transaction=True)

INTERESTS = ["олимпиадное движение", "ИКТ-компетенции", "проектная деятельность", "спорт",
             "волонтёрство", "профориентация"]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the concurrent matching test needs PostgreSQL")


@pytest.fixture
def curators(organization, curator):
    second = UserFactory(username="curator2")
    MembershipFactory(user=second, organization=organization, role=Role.CURATOR)
    return [curator, second]


@pytest.fixture
def big_cohort(make_mentor, make_mentee):
    """30 approved mentors (1–3 places) and 90 mentees: more mentees than places,
    so capacity decides who is left out."""
    for n in range(30):
        mentor = make_mentor(f"Наставник{n:02d}", capacity=1 + n % 3,
                             interests=INTERESTS[n % len(INTERESTS)])
        Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.APPROVED)
    for n in range(90):
        make_mentee(f"Наставляемый{n:02d}", requests=[INTERESTS[(n * 7) % len(INTERESTS)]])


def _assignment(organization, form, kind) -> list[tuple[int, int]]:
    """Sorted (mentor pk, mentee pk) of the drafts of the form and kind."""
    through = Pair.mentees.through.objects.filter(
        pair__organization=organization, pair__form=form, pair__kind=kind,
        pair__status=PairStatus.DRAFT,
    )
    return sorted(through.values_list("pair__mentor_id", "mentee_id"))


def _forget_drafts(organization):
    """Back to the state before any run (test set-up, not a service)."""
    Pair.objects.filter(organization=organization).delete()
    Mentee.objects.filter(participant__organization=organization).update(status=MenteeStatus.IN_BASE)


def _at_once(calls) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def go(call):
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _assert_consistent(organization, form, kind, expected):
    drafts = _assignment(organization, form, kind)
    assert drafts == expected
    mentees = Counter(mentee for _mentor, mentee in drafts)
    assert max(mentees.values()) == 1  # each mentee in one draft at most
    places = dict(Mentor.objects.filter(participant__organization=organization)
                  .values_list("pk", "capacity"))
    for mentor, taken in Counter(mentor for mentor, _mentee in drafts).items():
        assert taken <= places[mentor]
    paired = set(Mentee.objects.filter(status=MenteeStatus.PAIRED).values_list("pk", flat=True))
    assert paired == set(mentees)


def test_two_curators_matching_at_once_leave_one_set_of_drafts(
    postgresql, organization, curators, tt_form, traditional, big_cohort
):
    single = run_matching(organization=organization, form=tt_form, kind=traditional,
                          actor=curators[0])
    expected = _assignment(organization, tt_form, traditional)
    assert len(expected) == single.paired_count > 0
    _forget_drafts(organization)

    errors = _at_once([
        lambda user=user: run_matching(organization=organization, form=tt_form,
                                       kind=traditional, actor=user)
        for user in curators
    ])

    assert errors == []
    _assert_consistent(organization, tt_form, traditional, expected)
    runs = MatchingRun.objects.exclude(pk=single.pk).order_by("finished_at")
    assert [run.status for run in runs] == [MatchingRunStatus.DONE] * 2
    # the second run replaced the first one's drafts: every draft is the last run's
    assert set(Pair.objects.values_list("matching_run", flat=True)) == {runs[1].pk}


def test_two_clicks_at_once_leave_one_set_of_drafts(
    postgresql, organization, curators, tt_form, traditional, big_cohort
):
    """Through the curator's button (eager tasks run after each commit): one run
    or two in a row, never two sets of drafts."""
    run_matching(organization=organization, form=tt_form, kind=traditional, actor=curators[0])
    expected = _assignment(organization, tt_form, traditional)
    _forget_drafts(organization)
    MatchingRun.objects.all().delete()
    created = []

    def click(user):
        created.append(request_matching(organization=organization, form=tt_form,
                                        kind=traditional, actor=user)[1])

    errors = _at_once([lambda user=user: click(user) for user in curators])

    assert errors == []
    assert True in created
    assert MatchingRun.objects.count() == created.count(True)
    assert set(MatchingRun.objects.values_list("status", flat=True)) == {MatchingRunStatus.DONE}
    _assert_consistent(organization, tt_form, traditional, expected)


def test_a_click_during_a_run_shows_it_without_waiting(
    postgresql, organization, curators, tt_form, traditional, big_cohort, monkeypatch
):
    """The worker's run holds its locks (and its row) until it commits; a second
    curator's click meanwhile must answer with that run, not wait for it: the
    run goes on only once the click has answered, so waiting would never end."""
    from pairs.services import matching_runs
    from pairs.tasks import task_run_matching

    sent = []  # the broker: this test plays the worker
    monkeypatch.setattr(task_run_matching, "apply_async",
                        lambda *args, kwargs=None, **options: sent.append(kwargs))
    run, _created = request_matching(organization=organization, form=tt_form,
                                     kind=traditional, actor=curators[0])
    assert sent == [{"run_id": run.pk}]
    inside, answered = threading.Event(), threading.Event()
    real = matching_runs.match_cohort

    def held(run, *, actor, progress=None):
        inside.set()
        answered.wait(timeout=60)
        return real(run, actor=actor, progress=progress)

    monkeypatch.setattr(matching_runs, "match_cohort", held)
    shown = []

    def click():
        inside.wait(timeout=30)
        shown.append(request_matching(organization=organization, form=tt_form,
                                      kind=traditional, actor=curators[1]))
        answered.set()

    errors = _at_once([lambda: matching_runs.perform_matching_run(run.pk), click])

    assert errors == []
    assert shown == [(run, False)] and len(sent) == 1
    assert MatchingRun.objects.get().status == MatchingRunStatus.DONE
