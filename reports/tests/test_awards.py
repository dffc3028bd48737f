"""Awards (seed 003 1.8, 4.4; seed 004 §5): the mentors' results on a
hand-counted fixture, the rules of proposing, changing and deleting awards,
and the rewards order they flow into."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import AcademicYear
from pairs.enums import MeetingType, PairStatus, PlanDirection
from pairs.models import Meeting, PersonalPlan, PlanItem
from participants.enums import ConsentStatus, MentorStatus
from reports.enums import AwardKind, OrderKind, OrderStatus
from reports.models import Award, Order
from reports.services.awards import (
    AwardError,
    award_summary,
    delete_award,
    draft_rewards_order,
    mentor_results,
    propose_award,
    update_award,
)
from reports.tests.conftest import answer, make_pair, mentee_of, mentor_of, previous_year_moment
from surveys.enums import QuestionType, RespondentRole
from surveys.models import Question, Response

# --- builders --------------------------------------------------------------------------


def meeting(pair, held_on):
    return Meeting.objects.create(
        pair=pair, meeting_type=MeetingType.REGULAR, held_on=held_on, topic="Встреча"
    )


def plan_items(pair, *, done, not_done=0):
    plan = PersonalPlan.objects.create(pair=pair)
    for index in range(done + not_done):
        PlanItem.objects.create(
            plan=plan, direction=PlanDirection.SUBJECT, activity=f"Мероприятие {index}",
            done=index < done,
        )


def meeting_answer(organization, pair, respondent, value):
    """A mentee's satisfaction answer about one of the pair's meetings."""
    response = answer(organization, value=value, respondent=respondent)
    response.meeting = meeting(pair, response.submitted_at.date())
    response.save(update_fields=["meeting"])
    return response


def in_year(year, days):
    return year.starts_on + datetime.timedelta(days=days)


@pytest.fixture
def people(organization, other_organization, year):
    """The hand-counted fixture.

    Mentor A (Андреева, approved):
      P1 completed, group of m1 and m2: 3 meetings in the year (one on the first
         day), 1 the day before the year; plan with 2 items done, 1 not;
      P2 active, m3: 2 meetings in the year;
      P5 terminated after approval, m1 again: counts as a pair, not a new mentee;
      P3 draft with m4 and P4 terminated before approval: do not count (nor
         their meeting and plan item).
      Satisfaction of mentees, submitted in the year: m1 5 (no meeting), m3 4
      (about a meeting of P2 — which adds a third meeting to P2!). Not counted:
      m2's answer of the previous year, m4's (draft pair), A's own answer as a
      mentor, m1's answer to a question that does not measure satisfaction.
      → pairs 3, completed 1, mentees 3, meetings 6, items done 2, mean 4.50 of 2.
    Mentor B (Борисов, trained): two completed pairs (m6, m7), one meeting each
      → pairs 2, completed 2, mentees 2, meetings 2, items 0, no answers.
    Mentor C (Васильева, approved): no pairs → listed with zeros.
    Mentor D (candidate, no pairs) and E (another organisation): not listed.
    Ranking: B (2 completed), A, C.
    """
    a = mentor_of(organization, surname="Андреева", name="Анна", patronymic="Сергеевна")
    a.status = MentorStatus.APPROVED
    a.save()
    b = mentor_of(organization, surname="Борисов", name="Борис", patronymic="")
    b.status = MentorStatus.TRAINED
    b.save()
    c = mentor_of(organization, surname="Васильева", name="Вера")
    c.status = MentorStatus.APPROVED
    c.save()
    d = mentor_of(organization, surname="Григорьев", name="Глеб")
    e = mentor_of(other_organization, surname="Егоров", name="Егор")
    e.status = MentorStatus.APPROVED
    e.save()
    m1, m2, m3, m4, m6, m7 = (mentee_of(organization) for _ in range(6))

    p1 = make_pair(organization, year, mentor=a, mentees=[m1, m2], status=PairStatus.COMPLETED)
    for days in (0, 10, 20):
        meeting(p1, in_year(year, days))
    meeting(p1, year.starts_on - datetime.timedelta(days=1))
    plan_items(p1, done=2, not_done=1)
    p2 = make_pair(organization, year, mentor=a, mentees=[m3], status=PairStatus.ACTIVE)
    meeting(p2, in_year(year, 5))
    meeting(p2, in_year(year, 6))
    p3 = make_pair(organization, year, mentor=a, mentees=[m4], status=PairStatus.DRAFT)
    meeting(p3, in_year(year, 7))
    plan_items(p3, done=1)
    make_pair(organization, year, mentor=a, mentees=[m4], status=PairStatus.TERMINATED, approved=False)
    make_pair(organization, year, mentor=a, mentees=[m1], status=PairStatus.TERMINATED, approved=True)
    last_year = AcademicYear.current(year.starts_on - datetime.timedelta(days=30))
    old = make_pair(organization, last_year, mentor=a, mentees=[m2], status=PairStatus.COMPLETED)
    meeting(old, last_year.starts_on)

    answer(organization, value=5, respondent=m1.participant)
    meeting_answer(organization, p2, m3.participant, 4)
    answer(organization, value=1, respondent=m2.participant, submitted_at=previous_year_moment(year))
    answer(organization, value=1, respondent=m4.participant)
    answer(organization, role=RespondentRole.MENTOR, value=1, respondent=a.participant)
    survey = Response.objects.filter(respondent=m1.participant).first().survey
    other_question = Question.objects.create(
        survey=survey, position=2, text="Оцените помещение", question_type=QuestionType.SCALE
    )
    answer(organization, value=1, respondent=m1.participant, question=other_question)

    for mentee in (m6, m7):
        pair = make_pair(organization, year, mentor=b, mentees=[mentee], status=PairStatus.COMPLETED)
        meeting(pair, in_year(year, 30))
    make_pair(other_organization, year, mentor=e, mentees=[mentee_of(other_organization)])
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


# --- results ---------------------------------------------------------------------------


def test_mentor_results_match_the_hand_counted_fixture(organization, year, people):
    results = mentor_results(organization, year)

    assert [r.mentor for r in results] == [people["b"], people["a"], people["c"]]
    assert [r.rank for r in results] == [1, 2, 3]
    b, a, c = results
    assert (a.pairs, a.completed_pairs, a.mentees, a.meetings, a.plan_items_done) == (3, 1, 3, 6, 2)
    assert (a.satisfaction, a.satisfaction_answers) == (Decimal("4.50"), 2)
    assert a.full_name == "Андреева Анна Сергеевна"
    assert (b.pairs, b.completed_pairs, b.mentees, b.meetings, b.plan_items_done) == (2, 2, 2, 2, 0)
    assert (b.satisfaction, b.satisfaction_answers) == (None, 0)
    assert (c.pairs, c.completed_pairs, c.mentees, c.meetings, c.satisfaction) == (0, 0, 0, 0, None)


def test_mentor_results_list_the_year_s_awards(organization, year, people, curator):
    propose_award(
        organization=organization, academic_year=year, mentor=people["c"],
        kind=AwardKind.CERTIFICATE, reason="За участие", actor=curator,
    )
    by_mentor = {r.mentor: r for r in mentor_results(organization, year)}
    assert [award.kind for award in by_mentor[people["c"]].awards] == [AwardKind.CERTIFICATE]
    assert by_mentor[people["a"]].awards == []


def test_mentor_results_of_an_empty_organisation(other_organization, year):
    assert mentor_results(other_organization, year) == []


def _build(organization, year, mentors):
    """``mentors`` mentors, each with two pairs, meetings, plan items, answers."""
    for index in range(mentors):
        mentor = mentor_of(organization)
        mentor.status = MentorStatus.APPROVED
        mentor.save()
        for status in (PairStatus.ACTIVE, PairStatus.COMPLETED):
            mentee = mentee_of(organization)
            pair = make_pair(organization, year, mentor=mentor, mentees=[mentee], status=status)
            meeting(pair, in_year(year, index % 200))
            plan_items(pair, done=1)
            answer(organization, value=1 + index % 5, respondent=mentee.participant)
            meeting_answer(organization, pair, mentee.participant, 3)
        Award.objects.create(
            organization=organization, academic_year=year, mentor=mentor,
            kind=AwardKind.LETTER_OF_THANKS, reason="За работу",
        )


def test_mentor_results_cost_the_same_queries_at_two_sizes(organization, year):
    counts = []
    for size in (2, 12):
        _build(organization, year, size if not counts else size - 2)
        with CaptureQueriesContext(connection) as queries:
            results = mentor_results(organization, year)
        assert len(results) == size
        assert all(r.pairs == 2 and r.meetings == 4 and r.awards for r in results)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


# --- proposing -------------------------------------------------------------------------


def _propose(organization, year, mentor, actor, **fields):
    data = {"kind": AwardKind.LETTER_OF_THANKS, "reason": "За высокие результаты"} | fields
    return propose_award(organization=organization, academic_year=year, mentor=mentor, actor=actor, **data)


def test_propose_award_writes_and_audits(organization, year, people, curator):
    award = _propose(
        organization, year, people["a"], curator, kind=AwardKind.PAY_SUPPLEMENT,
        supplement_percent=Decimal("15"), reason="  За наставничество  ",
    )
    award.refresh_from_db()
    assert (award.kind, award.supplement_percent, award.reason) == (
        AwardKind.PAY_SUPPLEMENT, Decimal("15.00"), "За наставничество"
    )
    assert (award.organization, award.academic_year, award.proposed_by) == (organization, year, curator)
    from mentoring.selectors import audit_events

    entry = audit_events("reports.award.proposed").get()
    assert entry.object_pk == str(award.pk) and entry.actor == curator


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"reason": "   "}, "reason_required", "reason"),
        ({"kind": "medal"}, "invalid_kind", "kind"),
        ({"kind": AwardKind.PAY_SUPPLEMENT}, "percent_required", "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "supplement_percent": Decimal("0")}, "percent_range",
         "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "supplement_percent": Decimal("100.01")}, "percent_range",
         "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "supplement_percent": Decimal("-5")}, "percent_range",
         "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "supplement_percent": Decimal("15.555")}, "percent_precision",
         "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "supplement_percent": "пятнадцать"}, "percent_invalid",
         "supplement_percent"),
        ({"kind": AwardKind.CERTIFICATE, "supplement_percent": Decimal("15")}, "percent_not_allowed",
         "supplement_percent"),
    ],
)
def test_propose_award_refuses_bad_fields(organization, year, people, curator, fields, code, field):
    with pytest.raises(AwardError) as refused:
        _propose(organization, year, people["a"], curator, **fields)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message
    assert not Award.objects.exists()


def test_propose_award_accepts_the_percent_bounds(organization, year, people, curator):
    award = _propose(organization, year, people["a"], curator, kind=AwardKind.PAY_SUPPLEMENT,
                     supplement_percent=Decimal("100"))
    assert award.supplement_percent == Decimal("100")
    award = _propose(organization, year, people["b"], curator, kind=AwardKind.PAY_SUPPLEMENT,
                     supplement_percent="0.01")
    assert award.supplement_percent == Decimal("0.01")


def test_propose_award_refuses_a_mentor_of_another_organisation(organization, year, people, curator):
    with pytest.raises(AwardError) as refused:
        _propose(organization, year, people["e"], curator)
    assert refused.value.code == "other_organization"


def test_propose_award_refuses_a_candidate(organization, year, people, curator):
    with pytest.raises(AwardError) as refused:
        _propose(organization, year, people["d"], curator)
    assert refused.value.code == "not_in_base"


@pytest.mark.parametrize("status", [ConsentStatus.MISSING, ConsentStatus.WITHDRAWN])
def test_propose_award_refuses_a_mentor_without_consent(organization, year, people, curator, status):
    participant = people["a"].participant
    participant.consent_status = status
    participant.save()
    with pytest.raises(AwardError) as refused:
        _propose(organization, year, people["a"], curator)
    assert refused.value.code == "no_consent"


def test_one_award_of_a_kind_per_mentor_and_year(organization, year, people, curator):
    _propose(organization, year, people["a"], curator)
    with pytest.raises(AwardError) as refused:
        _propose(organization, year, people["a"], curator)
    assert (refused.value.code, refused.value.field) == ("duplicate", "kind")
    # another kind, or the same kind another year, is allowed
    _propose(organization, year, people["a"], curator, kind=AwardKind.CERTIFICATE)
    next_year = AcademicYear.current(year.ends_on + datetime.timedelta(days=1))
    _propose(organization, next_year, people["a"], curator)
    assert Award.objects.filter(mentor=people["a"]).count() == 3


# --- changing and deleting ---------------------------------------------------------------


def _order(organization, year, status, **fields):
    return Order.objects.create(
        organization=organization, academic_year=year, kind=OrderKind.REWARDS,
        title="О поощрении участников наставнической деятельности", status=status, **fields,
    )


def _signed_order(organization, year):
    return _order(organization, year, OrderStatus.SIGNED, number=1, issued_on=timezone.localdate(),
                  signed_at=timezone.now())


def test_update_award_changes_kind_and_percent(organization, year, people, curator):
    award = _propose(organization, year, people["a"], curator)
    update_award(award, kind=AwardKind.PAY_SUPPLEMENT, reason="Новое", supplement_percent=Decimal("15"),
                 actor=curator)
    award.refresh_from_db()
    assert (award.kind, award.reason, award.supplement_percent) == (
        AwardKind.PAY_SUPPLEMENT, "Новое", Decimal("15.00")
    )
    update_award(award, kind=AwardKind.CERTIFICATE, reason="Новое", actor=curator)
    award.refresh_from_db()
    assert (award.kind, award.supplement_percent) == (AwardKind.CERTIFICATE, None)
    from mentoring.selectors import audit_events

    assert audit_events("reports.award.updated", obj=award).count() == 2


def test_update_award_refuses_a_kind_the_mentor_already_has(organization, year, people, curator):
    _propose(organization, year, people["a"], curator, kind=AwardKind.CERTIFICATE)
    award = _propose(organization, year, people["a"], curator)
    with pytest.raises(AwardError) as refused:
        update_award(award, kind=AwardKind.CERTIFICATE, reason="x", actor=curator)
    assert refused.value.code == "duplicate"
    award.refresh_from_db()
    assert award.kind == AwardKind.LETTER_OF_THANKS


@pytest.mark.parametrize("status", [OrderStatus.SUBMITTED, OrderStatus.SIGNED, OrderStatus.ISSUED])
def test_award_in_an_order_beyond_draft_is_locked(organization, year, people, curator, status):
    award = _propose(organization, year, people["a"], curator)
    award.order = (_signed_order(organization, year) if status != OrderStatus.SUBMITTED
                   else _order(organization, year, status))
    if status == OrderStatus.ISSUED:
        award.order.status = status
        award.order.save()
    award.save()
    with pytest.raises(AwardError) as refused:
        update_award(award, kind=AwardKind.CERTIFICATE, reason="x", actor=curator)
    assert refused.value.code == "in_order"
    with pytest.raises(AwardError) as refused:
        delete_award(award, actor=curator)
    assert refused.value.code == "in_order"
    award.refresh_from_db()
    assert award.kind == AwardKind.LETTER_OF_THANKS


def test_delete_award_in_a_draft_order_removes_it_from_the_order(organization, year, people, curator):
    award = _propose(organization, year, people["a"], curator)
    kept = _propose(organization, year, people["b"], curator)
    order = _order(organization, year, OrderStatus.DRAFT)
    Award.objects.filter(pk__in=[award.pk, kept.pk]).update(order=order)
    award.refresh_from_db()
    pk = award.pk
    delete_award(award, actor=curator)
    assert list(order.awards.all()) == [kept]
    assert not Award.objects.filter(pk=pk).exists()
    from mentoring.selectors import audit_events

    entry = audit_events("reports.award.deleted").filter(object_pk=str(pk)).get()
    assert entry.additional_data["order"] == order.pk


# --- summary and the rewards order ---------------------------------------------------------


def test_award_summary_gives_names_labels_and_signed_order_numbers(organization, year, people, curator):
    pay = _propose(organization, year, people["b"], curator, kind=AwardKind.PAY_SUPPLEMENT,
                   supplement_percent=15)
    letter = _propose(organization, year, people["a"], curator)
    draft = _propose(organization, year, people["c"], curator)
    signed = _signed_order(organization, year)
    Award.objects.filter(pk=pay.pk).update(order=signed)
    Award.objects.filter(pk=draft.pk).update(order=_order(organization, year, OrderStatus.DRAFT))

    summary = award_summary(organization, year)

    # by kind (AwardKind order), then name
    assert [a.pk for a in summary] == [letter.pk, draft.pk, pay.pk]
    by_pk = {a.pk: a for a in summary}
    assert by_pk[pay.pk].mentor_name == "Борисов Борис"
    assert by_pk[pay.pk].order_number == 1
    assert by_pk[pay.pk].order_date == signed.issued_on
    assert by_pk[draft.pk].order_number is None
    assert by_pk[letter.pk].order_number is None
    assert by_pk[letter.pk].kind_label == str(AwardKind.LETTER_OF_THANKS.label)
    assert award_summary(organization, AcademicYear.current(year.ends_on + datetime.timedelta(days=1))) == []


def test_awards_flow_into_a_draft_rewards_order(organization, year, people, curator):
    first = _propose(organization, year, people["a"], curator)
    second = _propose(organization, year, people["b"], curator, kind=AwardKind.PAY_SUPPLEMENT,
                      supplement_percent=15)
    already = _propose(organization, year, people["c"], curator)
    earlier = _order(organization, year, OrderStatus.DRAFT)
    Award.objects.filter(pk=already.pk).update(order=earlier)
    next_year = AcademicYear.current(year.ends_on + datetime.timedelta(days=1))
    later = _propose(organization, next_year, people["a"], curator)

    order = draft_rewards_order(organization=organization, academic_year=year, actor=curator)

    assert (order.kind, order.status, order.organization) == (OrderKind.REWARDS, OrderStatus.DRAFT, organization)
    assert set(order.awards.all()) == {first, second}
    assert list(earlier.awards.all()) == [already]
    later.refresh_from_db()
    assert later.order is None
    from mentoring.selectors import audit_events

    assert audit_events("reports.awards.ordered", obj=order).exists()
    # nothing left outside an order
    with pytest.raises(AwardError) as refused:
        draft_rewards_order(organization=organization, academic_year=year, actor=curator)
    assert refused.value.code == "nothing_to_order"


def test_rewards_order_refused_when_there_are_no_awards(organization, year, curator):
    with pytest.raises(AwardError) as refused:
        draft_rewards_order(organization=organization, academic_year=year, actor=curator)
    assert refused.value.code == "nothing_to_order"
    assert not Order.objects.exists()


def test_rewards_order_refused_when_a_mentor_withdrew_consent(organization, year, people, curator):
    award = _propose(organization, year, people["a"], curator)
    participant = people["a"].participant
    participant.consent_status = ConsentStatus.WITHDRAWN
    participant.save()
    with pytest.raises(AwardError) as refused:
        draft_rewards_order(organization=organization, academic_year=year, actor=curator)
    assert refused.value.code == "no_consent"
    assert "Андреева Анна Сергеевна" in refused.value.message
    assert not Order.objects.exists()
    award.refresh_from_db()
    assert award.order is None


def test_signed_rewards_order_keeps_its_awards(organization, year, people, curator):
    award = _propose(organization, year, people["a"], curator)
    order = draft_rewards_order(organization=organization, academic_year=year, actor=curator)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.SIGNED, number=7, issued_on=timezone.localdate()
    )
    award.refresh_from_db()
    with pytest.raises(AwardError):
        delete_award(award, actor=curator)
    assert list(Order.objects.get(pk=order.pk).awards.all()) == [award]
    assert award_summary(organization, year)[0].order_number == 7
