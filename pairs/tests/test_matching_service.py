"""The curator's matching service (pairs/services/matching.py; issue 4 items
1–3; seed 000 5.1–5.5): the whole-cohort run, its hard rules, places and
reasons, reruns with locked pairs, the draft's edits and the weights."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, Programme
from mentoring.selectors import audit_events
from mentoring.tests.factories import PairFactory
from pairs.enums import Attitude, MatchingMode, PairStatus, UnpairedReason
from pairs.errors import PairError
from pairs.models import DEFAULT_WEIGHTS, MatchingPreference, MatchingRun, MatchingWeights, Pair
from pairs.services.lifecycle import set_pair_status
from pairs.services.matching import (
    add_pair_by_hand,
    cohort_counts,
    explain_pair,
    latest_run,
    run_matching,
    save_weights,
    set_locked,
    swap_mentees,
    unpaired_rows,
    weights_for,
)
from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import FamilyTie, Mentee, Mentor


@pytest.fixture
def mentor(make_mentor):
    """An approved mentor (the matcher leaves candidates out)."""

    def make(surname, *, status=MentorStatus.APPROVED, hours=None, **kw):
        made = make_mentor(surname, **kw)
        Mentor.objects.filter(pk=made.pk).update(status=status, hours_per_month=hours)
        made.refresh_from_db()
        return made

    return make


@pytest.fixture
def run(organization, curator, tt_form, traditional):
    def go(kind=traditional, **kw):
        kw.setdefault("actor", curator)
        return run_matching(organization=organization, form=tt_form, kind=kind, **kw)

    return go


def _members(pair) -> list[Mentee]:
    return sorted(pair.mentees.all(), key=lambda m: m.pk)


def _assignment(run_) -> dict[str, str]:
    """{mentee surname: mentor surname} of a run's pairs."""
    return {
        mentee.participant.surname: pair.mentor.participant.surname
        for pair in Pair.objects.filter(matching_run=run_).select_related("mentor__participant")
        for mentee in pair.mentees.select_related("participant")
    }


def _reasons(run_) -> dict[int, str]:
    return {row["mentee"]: row["reason"] for row in run_.unpaired}


def _avoid(organization, who, other):
    MatchingPreference.objects.create(
        organization=organization, participant=who.participant, other=other.participant,
        attitude=Attitude.AVOID,
    )


# --- the run ---------------------------------------------------------------------------------


def test_run_matching_makes_the_optimal_drafts_with_scores(
    organization, curator, run, mentor, make_mentee
):
    olympiad = mentor("Белова", interests="олимпиадное движение", capacity=1)
    sport = mentor("Павлова", interests="спорт", capacity=1)
    novikov = make_mentee("Новиков", requests=["спорт"])
    orlov = make_mentee("Орлов", requests=["подготовка к олимпиаде"])

    result = run()

    assert _assignment(result) == {"Новиков": "Павлова", "Орлов": "Белова"}
    pair = Pair.objects.get(mentor=sport)
    assert (pair.status, pair.locked, pair.created_by, pair.programme) == (
        PairStatus.DRAFT, False, curator, None
    )
    assert pair.academic_year == AcademicYear.current()
    # requests 50 × 1, no preferred age 10, hours unknown 10 × 0.5
    assert pair.score == 65.0
    detail = pair.score_detail[str(novikov.pk)]
    assert detail["total"] == 65.0
    assert [t["code"] for t in detail["terms"]] == list(DEFAULT_WEIGHTS)
    # the partial match «олимпи»: 50 × 0.5 + 15
    assert Pair.objects.get(mentor=olympiad).score == 40.0
    assert (result.mentees_count, result.mentors_count, result.paired_count) == (2, 2, 2)
    assert result.total_score == 105.0
    assert (result.mode, result.weights, result.unpaired, result.created_by) == (
        MatchingMode.BEST_TOTAL, DEFAULT_WEIGHTS, [], curator
    )
    assert set(Mentee.objects.filter(pk__in=[novikov.pk, orlov.pk]).values_list("status", flat=True)) == {
        MenteeStatus.PAIRED
    }
    entry = audit_events("pairs.matching.run").get()
    assert (entry.actor, entry.object_pk, entry.additional_data["paired"]) == (curator, str(result.pk), 2)
    assert latest_run(organization, result.form) == result


def test_run_matching_fills_free_places_only(organization, run, mentor, make_mentee):
    busy = mentor("Занятая", interests="спорт", capacity=2)
    PairFactory(organization=organization, mentor=busy, status=PairStatus.APPROVED,
                mentees=[make_mentee("Прежний")])
    spare = mentor("Свободная", interests="шахматы", capacity=1)
    for surname in ("Первый", "Второй", "Третий"):
        make_mentee(surname, requests=["спорт"])

    result = run()

    assert Pair.objects.filter(matching_run=result, mentor=busy).count() == 1
    assert Pair.objects.filter(matching_run=result, mentor=spare).count() == 1
    assert all(len(_members(p)) == 1 for p in Pair.objects.filter(matching_run=result))
    assert sorted(_reasons(result).values()) == [UnpairedReason.CAPACITY]


def test_run_matching_forms_one_group_per_mentor_within_the_kinds_limit(
    organization, run, mentor, make_mentee, group_kind
):
    large = mentor("Большая", interests="спорт", capacity=5)
    small = mentor("Малая", interests="спорт", capacity=2)
    mentees = [make_mentee(f"Наставляемый{n}", requests=["спорт"]) for n in range(6)]

    result = run(kind=group_kind)

    groups = {p.mentor: _members(p) for p in Pair.objects.filter(matching_run=result)}
    assert {m: len(members) for m, members in groups.items()} == {large: 3, small: 2}
    assert result.paired_count == 5
    left = set(mentees) - {m for members in groups.values() for m in members}
    assert [(row["mentee"], row["reason"]) for row in result.unpaired] == [
        (left.pop().pk, UnpairedReason.CAPACITY)
    ]
    group = Pair.objects.get(mentor=large)
    assert group.kind == group_kind
    assert len(group.score_detail) == 3
    assert group.score == pytest.approx(sum(d["total"] for d in group.score_detail.values()))


def test_run_matching_keeps_every_hard_rule(organization, run, mentor, make_mentee):
    # everybody wants «спорт»; only the allowed pairs may be made
    double = mentor("Двойная", interests="спорт", capacity=3)
    double_as_mentee = Mentee.objects.create(participant=double.participant)
    parent = mentor("Родителева", interests="спорт", capacity=3)
    child = make_mentee("Детов", requests=["спорт"])
    FamilyTie.objects.create(parent=parent.participant, child=child.participant)
    strict = mentor("Строгая", interests="спорт", capacity=3)
    stubborn = make_mentee("Упрямый", requests=["спорт"])
    _avoid(organization, stubborn, strict)
    _avoid(organization, child, double)
    candidate = mentor("Кандидатова", interests="спорт", capacity=3, status=MentorStatus.CANDIDATE)
    no_consent = mentor("Безсогласия", interests="спорт", capacity=3,
                        consent_status=ConsentStatus.WITHDRAWN)
    student_mentor = mentor("Студентка", interests="спорт", capacity=3,
                            category=ParticipantCategory.STUDENT)
    student = make_mentee("Студентов", requests=["спорт"], category=ParticipantCategory.STUDENT)
    minor = make_mentee("Несогласный", requests=["спорт"],
                        consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED)
    Mentee.objects.filter(pk=minor.pk).update(status=MenteeStatus.APPLICANT)

    result = run()

    # every score is 65: any assignment keeping the rules is optimal
    assignment = _assignment(result)
    assert set(assignment) == {"Двойная", "Детов", "Упрямый"}
    assert assignment["Двойная"] != "Двойная"  # not her own mentor
    assert assignment["Детов"] == "Строгая"  # not the parent, not «not with» Двойная
    assert assignment["Упрямый"] != "Строгая"  # «not with»
    for outsider in (candidate, no_consent, student_mentor):
        assert not Pair.objects.filter(mentor=outsider).exists()
    assert not student.pairs.exists()
    assert student.pk not in _reasons(result)  # not in this form's cohort at all
    assert _reasons(result) == {minor.pk: UnpairedReason.NO_CONSENT}
    assert not minor.pairs.exists()
    assert result.mentors_count == 3
    assert double_as_mentee.pairs.get().mentor != double


def test_most_paired_and_best_total_differ_as_constructed(organization, run, mentor, make_mentee):
    anna = mentor("Анна", interests="спорт, шахматы", capacity=1)
    boris = mentor("Борис", interests="вокал", capacity=1)
    xenia = make_mentee("Ксения", requests=["спорт, шахматы"])
    yuri = make_mentee("Юрий", requests=["футбол"])
    _avoid(organization, yuri, boris)
    # Ксения–Анна 65; Ксения–Борис 15; Юрий–Анна 15; Юрий–Борис forbidden:
    # best total 65 with one pair, most paired 15 + 15 = 30 with two

    best = run(mode=MatchingMode.BEST_TOTAL)
    assert _assignment(best) == {"Ксения": "Анна"}
    assert (best.paired_count, best.total_score) == (1, 65.0)
    assert _reasons(best) == {yuri.pk: UnpairedReason.CAPACITY}

    most = run(mode=MatchingMode.MOST_PAIRED)
    assert _assignment(most) == {"Ксения": "Борис", "Юрий": "Анна"}
    assert (most.paired_count, most.total_score, most.mode) == (2, 30.0, MatchingMode.MOST_PAIRED)
    assert Pair.objects.filter(status=PairStatus.DRAFT).count() == 2  # the first run's draft is gone
    assert xenia.pairs.get().mentor == boris
    assert anna.pairs.get().matching_run == most


def test_run_matching_uses_the_programmes_weights(organization, curator, tt_form, run, mentor, make_mentee):
    year = AcademicYear.current()
    programme = Programme.objects.create(
        organization=organization, title="Программа", first_year=year, last_year=year
    )
    programme.forms.add(tt_form)
    save_weights(programme, {"requests": 0, "age": 0, "time": 0, "specialty": 0, "preferences": 100},
                 actor=curator)
    sport = mentor("Спортивная", interests="спорт", capacity=1)
    wished = mentor("Желанная", capacity=1)
    mentee = make_mentee("Новиков", requests=["спорт"])
    other = make_mentee("Орлов")
    MatchingPreference.objects.create(organization=organization, participant=mentee.participant,
                                      other=wished.participant, attitude=Attitude.PREFER)

    result = run(programme=programme)

    assert result.weights["preferences"] == 100
    assert mentee.pairs.get().mentor == wished
    assert other.pairs.get().mentor == sport
    assert result.total_score == 50.0
    assert Pair.objects.filter(programme=programme).count() == 2


def test_run_matching_refuses_a_director_and_bad_settings(organization, director, run, tt_form):
    with pytest.raises(PairError, match="куратор"):
        run(actor=director)
    with pytest.raises(PairError):
        run(min_score=-1)
    with pytest.raises(PairError):
        run(mode="everything")
    assert MatchingRun.objects.count() == 0


def test_run_matching_by_the_system_has_no_author(run, mentor, make_mentee):
    mentor("Белова", interests="спорт")
    make_mentee("Новиков", requests=["спорт"])

    result = run(actor=None)

    assert result.created_by is None
    assert Pair.objects.get().created_by is None


# --- reruns, locked and held places -----------------------------------------------------------


def test_rerun_keeps_locked_drafts_and_replaces_the_others(
    organization, curator, tt_form, traditional, group_kind, run, mentor, make_mentee
):
    first_mentor = mentor("Белова", interests="спорт", capacity=2)
    second_mentor = mentor("Павлова", interests="шахматы", capacity=2)
    kept = make_mentee("Новиков", requests=["спорт"])
    replaced = make_mentee("Орлов", requests=["шахматы"])
    first = run()
    locked = set_locked(kept.pairs.get(), True, actor=curator)
    unlocked_pk = replaced.pairs.get().pk
    by_hand = add_pair_by_hand(
        organization=organization, form=tt_form, kind=traditional, mentor=second_mentor,
        mentees=[make_mentee("Ручной")], actor=curator,
    )
    other_kind = PairFactory(organization=organization, mentor=first_mentor, kind=group_kind,
                             mentees=[make_mentee("Групповой")])
    returned = PairFactory(organization=organization, mentor=second_mentor, form=tt_form,
                           kind=traditional, mentees=[make_mentee("Возвращённый")],
                           return_comment="Уточните запрос")

    second = run()

    assert Pair.objects.filter(pk=locked.pk, locked=True, matching_run=first).exists()
    assert Pair.objects.filter(pk=by_hand.pk).exists()
    assert Pair.objects.filter(pk=other_kind.pk).exists()
    # a draft the director returned keeps his comment for the curator
    assert Pair.objects.filter(pk=returned.pk, return_comment="Уточните запрос").exists()
    assert not Pair.objects.filter(pk=unlocked_pk).exists()
    assert second.locked_count == 3
    # the kept pairs hold all places: Белова's two (Новиков, Групповой), Павлова's
    # two (Ручной, Возвращённый); Орлов comes back and finds no place
    assert (second.mentees_count, second.paired_count) == (1, 0)
    assert second.unpaired[0]["reason"] == "capacity"


def test_proposed_and_approved_pairs_keep_their_places(
    organization, run, mentor, make_mentee
):
    full = mentor("Полная", interests="спорт", capacity=2)
    PairFactory(organization=organization, mentor=full, status=PairStatus.PROPOSED,
                mentees=[make_mentee("Предложенный")])
    approved_mentee = make_mentee("Утверждённый", requests=["спорт"])
    PairFactory(organization=organization, mentor=full, status=PairStatus.APPROVED,
                mentees=[approved_mentee])
    mentor("Другая", capacity=1)
    newcomer = make_mentee("Новичок", requests=["спорт"])

    result = run()

    assert newcomer.pairs.get().mentor.participant.surname == "Другая"
    assert approved_mentee.pairs.count() == 1
    assert Pair.objects.filter(mentor=full).count() == 2
    assert (result.mentees_count, result.mentors_count) == (1, 1)


def test_a_terminated_pair_frees_the_mentor_and_the_mentee(
    organization, director, run, mentor, make_mentee
):
    alone = mentor("Единственная", interests="спорт", capacity=1)
    mentee = make_mentee("Ушедший", requests=["спорт"])
    pair = PairFactory(organization=organization, mentor=alone, status=PairStatus.APPROVED,
                       mentees=[mentee])
    Mentee.objects.filter(pk=mentee.pk).update(status=MenteeStatus.PAIRED)
    waiting = make_mentee("Ждущий", requests=["спорт"])

    before = run()
    assert before.paired_count == 0
    assert _reasons(before) == {waiting.pk: UnpairedReason.CAPACITY}

    set_pair_status(pair, PairStatus.TERMINATED, actor=director, comment="переезд")
    after = run()

    assert after.paired_count == 1
    assert after.mentees_count == 2  # the mentee of the ended pair is back in the search
    assert after.mentors_count == 1
    paired = Pair.objects.get(matching_run=after)
    assert paired.mentor == alone
    assert _members(paired)[0] in (mentee, waiting)
    assert len(_reasons(after)) == 1


# --- reasons of the mentees left out ---------------------------------------------------------


def test_unpaired_reason_no_consent(run, mentor, make_mentee):
    mentor("Белова", interests="спорт")
    applicant = make_mentee("Несогласный", consent_status=ConsentStatus.MISSING)
    Mentee.objects.filter(pk=applicant.pk).update(status=MenteeStatus.APPLICANT)

    result = run()

    assert result.unpaired == [{
        "mentee": applicant.pk, "reason": UnpairedReason.NO_CONSENT,
        "detail": "Несогласный Иван Иванович не дал(а) согласия на обработку персональных данных.",
    }]


def test_unpaired_reason_no_allowed_mentor_when_only_candidates(
    organization, tt_form, run, mentor, make_mentee
):
    mentor("Кандидатова", interests="спорт", status=MentorStatus.CANDIDATE)
    mentor("Студентка", category=ParticipantCategory.STUDENT)
    mentee = make_mentee("Одинокий", requests=["спорт"])

    result = run()

    assert _reasons(result) == {mentee.pk: UnpairedReason.NO_ALLOWED_MENTOR}
    assert result.mentors_count == 0
    assert cohort_counts(organization, tt_form) == {
        "mentees": 1, "mentees_without_consent": 0, "mentors": 0, "mentors_full": 0,
        "candidates": 1, "mentors_without_consent": 0,
    }


def test_unpaired_reason_excluded_names_the_rules(organization, run, mentor, make_mentee):
    parent = mentor("Родителева", interests="спорт")
    strict = mentor("Строгая", interests="спорт")
    child = make_mentee("Детов", requests=["спорт"])
    FamilyTie.objects.create(parent=parent.participant, child=child.participant)
    _avoid(organization, strict, child)

    result = run()

    (row,) = result.unpaired
    assert (row["mentee"], row["reason"]) == (child.pk, UnpairedReason.EXCLUDED)
    assert "Родителева" in row["detail"] and "Строгая" in row["detail"]


def test_unpaired_reason_below_min_score(run, mentor, make_mentee):
    mentor("Вокалистка", interests="вокал")
    mentee = make_mentee("Спортсмен", requests=["спорт"])

    result = run(min_score=20)

    assert _reasons(result) == {mentee.pk: UnpairedReason.BELOW_MIN_SCORE}
    assert result.min_score == 20
    assert "Вокалистка" in result.unpaired[0]["detail"]
    assert run(min_score=15).paired_count == 1  # 15 points reach a minimum of 15


def test_unpaired_reason_capacity(run, mentor, make_mentee):
    mentor("Единственная", interests="спорт", capacity=1)
    first = make_mentee("Первый", requests=["спорт"])
    second = make_mentee("Второй", requests=["шахматы"])

    result = run()

    assert first.pairs.exists()
    assert _reasons(result) == {second.pk: UnpairedReason.CAPACITY}


def test_unpaired_rows_load_the_mentees_in_one_query(
    run, mentor, make_mentee, django_assert_num_queries
):
    mentor("Единственная", interests="спорт", capacity=1)
    make_mentee("Первый", requests=["спорт"])
    left = [make_mentee(f"Оставшийся{n}") for n in range(3)]
    result = run()
    left[0].participant.delete()

    with django_assert_num_queries(1):
        rows = unpaired_rows(result)
        names = [row["mentee"].participant.surname for row in rows]

    assert names == ["Оставшийся1", "Оставшийся2"]
    assert {row["reason"] for row in rows} == {UnpairedReason.CAPACITY}
    assert rows[0]["reason_label"] == str(UnpairedReason.CAPACITY.label)


# --- bounded queries --------------------------------------------------------------------------


def test_run_matching_runs_the_same_number_of_queries_at_two_sizes(
    organization, other_organization, curator, mentor, make_mentee, tt_form, traditional
):
    from mentoring.enums import Role
    from mentoring.tests.factories import MembershipFactory

    MembershipFactory(user=curator, organization=other_organization, role=Role.CURATOR)
    counts = []
    # 60 mentors × 2 places: more than a hundred drafts replaced, past the batch
    # of a hundred Django's collector deletes at a time
    for size, org in ((2, organization), (60, other_organization)):
        mentors = [mentor(f"Наставник{n}", interests="спорт, шахматы", capacity=2, organization=org)
                   for n in range(size)]
        mentees = [make_mentee(f"Наставляемый{n}", requests=["спорт"], organization=org)
                   for n in range(2 * size + 1)]
        _avoid(org, mentees[0], mentors[0])
        FamilyTie.objects.create(parent=mentors[-1].participant, child=mentees[-1].participant)
        # the first run leaves drafts for the measured one to replace
        run_matching(organization=org, form=tt_form, kind=traditional, actor=curator)
        with CaptureQueriesContext(connection) as queries:
            result = run_matching(organization=org, form=tt_form, kind=traditional, actor=curator)
        assert result.paired_count == 2 * size
        assert len(result.unpaired) == 1
        counts.append(len(queries))
        if connection.features.has_select_for_update_of:
            # the organisation's mentor rows are locked before anything is read
            locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
            assert len(locks) == 1 and 'OF "participants_mentor"' in locks[0]
    # 26: replacing the drafts also clears their invitations (MentorInvitation.pair)
    assert counts[0] <= 26
    assert counts[1] - counts[0] == _extra_insert_batches(4, 120)


def _extra_insert_batches(small: int, large: int) -> int:
    """How many more INSERTs the drafts of ``large`` pairs (one mentee each) take
    than those of ``small``: none on PostgreSQL; SQLite splits a bulk insert
    under its limit of bound parameters."""
    through = Pair.mentees.through

    def batches(model, count: int) -> int:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        size = connection.ops.bulk_batch_size(fields, [model()] * count) or count
        return -(-count // size)

    return sum(batches(model, large) - batches(model, small) for model in (Pair, through))


# --- editing the draft -----------------------------------------------------------------------


def test_explain_pair_scores_and_blocks(organization, tt_form, mentor, make_mentee):
    parent = mentor("Родителева", interests="спорт")
    child = make_mentee("Детов", requests=["спорт"])

    explanation = explain_pair(mentor=parent, mentee=child, form=tt_form)
    assert explanation.blocked is None
    assert explanation.total == 65.0

    FamilyTie.objects.create(parent=parent.participant, child=child.participant)
    explanation = explain_pair(mentor=parent, mentee=child, form=tt_form)
    assert explanation.blocked_code == "parent"
    assert "Родителева" in explanation.blocked and "Детов" in explanation.blocked


def test_add_pair_by_hand_is_scored_and_locked(organization, curator, tt_form, traditional, mentor, make_mentee):
    chosen = mentor("Белова", interests="спорт")
    mentee = make_mentee("Новиков", requests=["спорт"])

    pair = add_pair_by_hand(organization=organization, form=tt_form, kind=traditional,
                            mentor=chosen, mentees=[mentee], actor=curator)

    pair.refresh_from_db()
    assert (pair.locked, pair.score, pair.status) == (True, 65.0, PairStatus.DRAFT)
    assert pair.score_detail[str(mentee.pk)]["total"] == 65.0
    child = make_mentee("Детов")
    FamilyTie.objects.create(parent=chosen.participant, child=child.participant)
    with pytest.raises(PairError, match="Белова .*Детов"):
        add_pair_by_hand(organization=organization, form=tt_form, kind=traditional,
                         mentor=chosen, mentees=[child], actor=curator)


def test_set_locked_only_on_drafts_by_the_curator(draft_pair, curator, director, proposed_pair):
    with pytest.raises(PairError, match="куратор"):
        set_locked(draft_pair, True, actor=director)
    with pytest.raises(PairError):
        set_locked(proposed_pair, True, actor=curator)
    assert not Pair.objects.get(pk=draft_pair.pk).locked


def test_set_locked_toggles_and_audits(draft_pair, curator):
    set_locked(draft_pair, True, actor=curator)
    assert Pair.objects.get(pk=draft_pair.pk).locked
    set_locked(draft_pair, False, actor=curator)
    assert not Pair.objects.get(pk=draft_pair.pk).locked
    assert list(
        audit_events(prefix="pairs.pair.").exclude(
            event="pairs.pair.created"
        ).order_by("pk").values_list("event", flat=True)
    ) == ["pairs.pair.locked", "pairs.pair.unlocked"]


def test_swap_mentees_exchanges_rescoring_and_locking(organization, curator, run, mentor, make_mentee):
    sport = mentor("Спортивная", interests="спорт", capacity=1)
    chess = mentor("Шахматная", interests="шахматы", capacity=1)
    runner = make_mentee("Бегунов", requests=["спорт"])
    player = make_mentee("Игроков", requests=["шахматы"])
    run()
    pair_sport, pair_chess = sport.pairs.get(), chess.pairs.get()

    a, b = swap_mentees(pair_sport, pair_chess, actor=curator)

    assert (a.pk, b.pk) == (pair_sport.pk, pair_chess.pk)
    pair_sport.refresh_from_db()
    pair_chess.refresh_from_db()
    assert _members(pair_sport) == [player] and _members(pair_chess) == [runner]
    assert pair_sport.locked and pair_chess.locked
    assert pair_sport.score == pair_chess.score == 15.0
    assert list(pair_sport.score_detail) == [str(player.pk)]
    assert audit_events("pairs.pair.swapped").count() == 1


def test_swap_mentees_refuses_a_forbidden_result(organization, curator, run, mentor, make_mentee):
    sport = mentor("Спортивная", interests="спорт", capacity=1)
    chess = mentor("Шахматная", interests="шахматы", capacity=1)
    runner = make_mentee("Бегунов", requests=["спорт"])
    make_mentee("Игроков", requests=["шахматы"])
    run()
    _avoid(organization, chess, runner)

    with pytest.raises(PairError, match="Шахматная .*Бегунов"):
        swap_mentees(sport.pairs.get(), chess.pairs.get(), actor=curator)
    assert runner.pairs.get().mentor == sport
    assert not Pair.objects.filter(locked=True).exists()


def test_swap_mentees_refuses_groups_and_non_drafts(
    organization, curator, run, mentor, make_mentee, group_kind, proposed_pair, draft_pair
):
    with pytest.raises(PairError):
        swap_mentees(draft_pair, draft_pair, actor=curator)
    with pytest.raises(PairError):
        swap_mentees(draft_pair, proposed_pair, actor=curator)
    leader = mentor("Ведущая", capacity=3)
    group = PairFactory(organization=organization, mentor=leader, kind=group_kind,
                        mentees=[make_mentee("Первый"), make_mentee("Второй")])
    single = PairFactory(organization=organization, mentor=mentor("Одиночная"),
                         mentees=[make_mentee("Третий")])
    with pytest.raises(PairError):
        swap_mentees(group, single, actor=curator)


# --- weights ---------------------------------------------------------------------------------


@pytest.fixture
def programme(organization):
    year = AcademicYear.current()
    return Programme.objects.create(
        organization=organization, title="Программа", first_year=year, last_year=year
    )


def test_weights_for_defaults_and_saved(programme, curator):
    assert weights_for(None) == DEFAULT_WEIGHTS
    assert weights_for(programme) == DEFAULT_WEIGHTS

    saved = save_weights(programme, {"requests": 70, "specialty": 0}, actor=curator)

    assert saved.updated_by == curator
    programme = Programme.objects.get(pk=programme.pk)
    assert weights_for(programme) == {**DEFAULT_WEIGHTS, "requests": 70, "specialty": 0}
    assert audit_events("pairs.matching.weights").get().additional_data["requests"] == 70


@pytest.mark.parametrize(
    "data",
    [
        {"requests": 101},
        {"requests": -1},
        {"requests": "много"},
        {"requests": 1.5},
        {"luck": 5},
        {"requests": 0, "preferences": 0, "age": 0, "time": 0, "specialty": 0},
    ],
)
def test_save_weights_refuses_bad_values(programme, curator, data):
    with pytest.raises(PairError):
        save_weights(programme, data, actor=curator)
    assert not MatchingWeights.objects.exists()


def test_save_weights_refuses_a_director(programme, director):
    with pytest.raises(PairError, match="куратор"):
        save_weights(programme, {"requests": 60}, actor=director)


def test_a_bulk_deletion_of_drafts_knows_everything_that_points_at_a_pair():
    """``_bulk_delete_drafts`` bypasses Django's collector: a new relation to
    Pair must be handled there (and listed) before this passes again."""
    from pairs.services.matching import DRAFT_RELATIONS

    pointing = {
        field.related_model for field in Pair._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete
    }
    assert pointing == set(DRAFT_RELATIONS)
