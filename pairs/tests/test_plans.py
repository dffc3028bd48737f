"""The personalised mentoring programme's services (pairs/services/plans.py):
seed 004 appendix and §1 «от 3 месяцев до 1 года»."""

import datetime

import pytest
from django.utils import timezone

from mentoring.enums import ParticipantCategory, Role
from mentoring.selectors import audit_events
from mentoring.tests.factories import MembershipFactory, PairFactory, ParticipantFactory, UserFactory
from pairs.enums import PairStatus, PlanDirection
from pairs.errors import PairError
from pairs.models import Pair, PersonalPlan, PlanItem
from pairs.selectors import pairs_of_user
from pairs.services.lifecycle import set_pair_status
from pairs.services.plans import (
    SEED_CONTENT,
    SEED_RESULTS,
    add_months,
    add_plan_item,
    check_duration,
    delete_plan_item,
    next_meeting_due,
    person_rows,
    plan_document,
    save_plan,
    suggested_header,
    update_plan_item,
    with_plan_progress,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 9, 1)


def _header(**overrides):
    values = {
        "deficits": "Затруднения в выборе методов обучения",
        "goal": "Адаптация молодого педагога",
        "tasks": "Освоить методику урока",
        "content": SEED_CONTENT,
        "expected_results": SEED_RESULTS,
        "starts_on": START,
        "ends_on": datetime.date(2026, 5, 31),
    }
    values.update(overrides)
    return values


def _item(**overrides):
    values = {
        "direction": PlanDirection.METHODICAL,
        "activity": "Разработка технологической карты урока",
        "deadline": datetime.date(2025, 10, 15),
        "methods": "Консультация, совместное планирование",
        "expected_result": "Технологическая карта",
    }
    values.update(overrides)
    return values


@pytest.fixture
def plan(approved_pair, alice):
    return save_plan(approved_pair, actor=alice, **_header())


@pytest.fixture
def other_mentor(organization, make_mentor):
    user = UserFactory(username="dora")
    MembershipFactory(user=user, organization=organization, role=Role.MENTOR)
    mentor = make_mentor("Дорина")
    mentor.participant.user = user
    mentor.participant.save(update_fields=["user"])
    return user


# --- duration (seed 004 §1) ------------------------------------------------------------


def test_add_months_keeps_the_day_or_falls_to_the_month_end():
    assert add_months(datetime.date(2025, 9, 1), 3) == datetime.date(2025, 12, 1)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 9, 1), 12) == datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("ends_on", "accepted"),
    [
        (datetime.date(2025, 11, 1), False),  # 2 months
        (datetime.date(2025, 11, 30), False),  # a day short of 3 months
        (datetime.date(2025, 12, 1), True),  # 3 months
        (datetime.date(2026, 9, 1), True),  # 1 year
        (datetime.date(2026, 9, 2), False),  # a day over 1 year
        (datetime.date(2026, 10, 1), False),  # 13 months
        (datetime.date(2025, 8, 1), False),  # before the start
    ],
)
def test_check_duration_from_3_months_to_1_year(ends_on, accepted):
    if accepted:
        check_duration(START, ends_on)
    else:
        with pytest.raises(PairError) as error:
            check_duration(START, ends_on)
        assert error.value.field == "ends_on"


def test_check_duration_needs_both_dates():
    with pytest.raises(PairError):
        check_duration(None, datetime.date(2026, 1, 1))
    with pytest.raises(PairError):
        check_duration(START, None)


def test_save_plan_refuses_2_and_13_months_and_writes_nothing(approved_pair, alice):
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=alice, **_header(ends_on=datetime.date(2025, 11, 1)))
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=alice, **_header(ends_on=datetime.date(2026, 10, 1)))
    assert not PersonalPlan.objects.exists()


def test_save_plan_accepts_3_months_and_1_year(approved_pair, alice):
    plan = save_plan(approved_pair, actor=alice, **_header(ends_on=datetime.date(2025, 12, 1)))
    assert plan.ends_on == datetime.date(2025, 12, 1)
    plan = save_plan(approved_pair, actor=alice, **_header(ends_on=datetime.date(2026, 9, 1)))
    plan.refresh_from_db()
    assert plan.ends_on == datetime.date(2026, 9, 1)
    assert PersonalPlan.objects.count() == 1


# --- the header -------------------------------------------------------------------------


def test_save_plan_stores_line_breaks_as_newlines(approved_pair, alice):
    plan = save_plan(approved_pair, actor=alice, **_header(content="1. Первое.\r\n2. Второе.\r\n"))
    plan.refresh_from_db()
    assert plan.content == "1. Первое.\n2. Второе."


def test_save_plan_creates_one_plan_then_updates_it_with_audit(approved_pair, alice):
    plan = save_plan(approved_pair, actor=alice, **_header())
    assert (plan.pair, plan.goal, plan.updated_by) == (approved_pair, "Адаптация молодого педагога", alice)
    save_plan(approved_pair, actor=alice, **_header(goal="  Новая цель  "))
    plan.refresh_from_db()
    assert plan.goal == "Новая цель"
    assert PersonalPlan.objects.filter(pair=approved_pair).count() == 1
    actions = list(audit_events(prefix="pairs.plan.").values_list("event", flat=True))
    assert sorted(actions) == ["pairs.plan.created", "pairs.plan.updated"]


def test_save_plan_requires_deficits_and_goal(approved_pair, alice):
    with pytest.raises(PairError) as error:
        save_plan(approved_pair, actor=alice, **_header(deficits="  "))
    assert error.value.field == "deficits"
    with pytest.raises(PairError) as error:
        save_plan(approved_pair, actor=alice, **_header(goal=""))
    assert error.value.field == "goal"


@pytest.mark.parametrize("who", ["curator", "director", "bob", "other_mentor"])
def test_only_the_mentor_edits_the_plan(request, approved_pair, plan, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=actor, **_header(goal="Чужая цель"))
    with pytest.raises(PairError):
        add_plan_item(approved_pair, actor=actor, **_item())
    item = add_plan_item(approved_pair, actor=request.getfixturevalue("alice"), **_item())
    with pytest.raises(PairError):
        update_plan_item(item, actor=actor, **_item(activity="Чужое"))
    with pytest.raises(PairError):
        delete_plan_item(item, actor=actor)
    plan.refresh_from_db()
    item.refresh_from_db()
    assert plan.goal == "Адаптация молодого педагога"
    assert item.activity == "Разработка технологической карты урока"


def test_plan_is_not_edited_before_approval(proposed_pair, alice):
    with pytest.raises(PairError):
        save_plan(proposed_pair, actor=alice, **_header())
    assert not PersonalPlan.objects.exists()


@pytest.mark.parametrize("final", [PairStatus.TERMINATED, PairStatus.COMPLETED])
def test_ended_pair_plan_is_read_only(approved_pair, plan, alice, curator, final):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    if final == PairStatus.COMPLETED:
        set_pair_status(approved_pair, PairStatus.ACTIVE, actor=curator)
    set_pair_status(approved_pair, final, actor=curator)
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=alice, **_header(goal="Позже"))
    with pytest.raises(PairError):
        add_plan_item(approved_pair, actor=alice, **_item())
    with pytest.raises(PairError):
        update_plan_item(item, actor=alice, **_item(done=True, evidence="Сертификат"))
    with pytest.raises(PairError):
        delete_plan_item(item, actor=alice)
    item.refresh_from_db()
    assert (item.done, PlanItem.objects.count()) == (False, 1)


def test_stale_pair_object_cannot_bypass_the_status(approved_pair, plan, alice, curator):
    """The service re-reads the pair under a lock: a pair ended meanwhile stays read-only."""
    Pair.objects.filter(pk=approved_pair.pk).update(status=PairStatus.TERMINATED)
    assert approved_pair.status == PairStatus.APPROVED  # the caller's copy is stale
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=alice, **_header(goal="Позже"))


def test_shrinking_dates_must_keep_the_items_inside(approved_pair, plan, alice):
    add_plan_item(approved_pair, actor=alice, **_item(deadline=datetime.date(2026, 4, 1)))
    with pytest.raises(PairError):
        save_plan(approved_pair, actor=alice, **_header(ends_on=datetime.date(2026, 1, 31)))
    plan.refresh_from_db()
    assert plan.ends_on == datetime.date(2026, 5, 31)


def test_suggested_header_is_the_seed_text_within_the_limits(approved_pair):
    first, last = approved_pair.academic_year.starts_on.year, approved_pair.academic_year.ends_on.year
    header = suggested_header(approved_pair, today=datetime.date(first, 9, 10))
    assert header["content"].startswith("1. Диагностика затруднений")
    assert "Успешная адаптация начинающего педагога" in header["expected_results"]
    assert (header["starts_on"], header["ends_on"]) == (datetime.date(first, 9, 10), datetime.date(last, 5, 31))
    check_duration(header["starts_on"], header["ends_on"])
    late = suggested_header(approved_pair, today=datetime.date(last, 4, 20))
    assert late["ends_on"] == datetime.date(last, 7, 20)  # May is too close: 3 months


# --- items --------------------------------------------------------------------------------


def test_items_need_the_header_first(approved_pair, alice):
    with pytest.raises(PairError):
        add_plan_item(approved_pair, actor=alice, **_item())
    assert not PlanItem.objects.exists()


def test_add_item_with_audit(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    assert (item.plan, item.direction, item.done, item.done_on, item.evidence) == (
        plan, PlanDirection.METHODICAL, False, None, "",
    )
    assert audit_events("pairs.plan_item.added", obj=item).exists()


@pytest.mark.parametrize(
    "deadline", [datetime.date(2025, 8, 31), datetime.date(2026, 6, 1), None]
)
def test_deadline_outside_the_dates_is_refused(approved_pair, plan, alice, deadline):
    with pytest.raises(PairError) as error:
        add_plan_item(approved_pair, actor=alice, **_item(deadline=deadline))
    assert error.value.field == "deadline"
    assert not PlanItem.objects.exists()


def test_deadline_on_the_first_and_last_day_is_accepted(approved_pair, plan, alice):
    add_plan_item(approved_pair, actor=alice, **_item(deadline=plan.starts_on))
    add_plan_item(approved_pair, actor=alice, **_item(deadline=plan.ends_on))
    assert PlanItem.objects.count() == 2


def test_unknown_direction_and_empty_activity_are_refused(approved_pair, plan, alice):
    with pytest.raises(PairError):
        add_plan_item(approved_pair, actor=alice, **_item(direction="astrology"))
    with pytest.raises(PairError):
        add_plan_item(approved_pair, actor=alice, **_item(activity="   "))
    assert not PlanItem.objects.exists()


def test_done_without_evidence_is_refused(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    with pytest.raises(PairError) as error:
        update_plan_item(item, actor=alice, **_item(done=True, evidence="  "))
    assert error.value.field == "evidence"
    item.refresh_from_db()
    assert item.done is False


def test_done_with_evidence_dates_today_and_is_audited(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    update_plan_item(item, actor=alice, **_item(done=True, evidence="https://college.example/plan.pdf"))
    item.refresh_from_db()
    assert (item.done, item.done_on, item.evidence) == (
        True, timezone.localdate(), "https://college.example/plan.pdf",
    )
    assert audit_events("pairs.plan_item.done", obj=item).count() == 1
    # saving it again done is an update, not a second «done»
    update_plan_item(item, actor=alice, **_item(done=True, evidence="Конспект урока"))
    assert audit_events("pairs.plan_item.done").count() == 1


def test_done_date_in_the_future_or_before_the_start_is_refused(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for done_on in (tomorrow, plan.starts_on - datetime.timedelta(days=1)):
        with pytest.raises(PairError) as error:
            update_plan_item(item, actor=alice, **_item(done=True, done_on=done_on, evidence="Сертификат"))
        assert error.value.field == "done_on"


def test_undoing_clears_the_date_and_evidence(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item(done=True, evidence="Сертификат"))
    update_plan_item(item, actor=alice, **_item(done=False, evidence="Сертификат"))
    item.refresh_from_db()
    assert (item.done, item.done_on, item.evidence) == (False, None, "")


def test_delete_item(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    delete_plan_item(item, actor=alice)
    assert not PlanItem.objects.exists()
    entry = audit_events("pairs.plan_item.deleted").get()
    assert entry.additional_data["activity"] == "Разработка технологической карты урока"


def test_deleted_item_cannot_be_changed(approved_pair, plan, alice):
    item = add_plan_item(approved_pair, actor=alice, **_item())
    PlanItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(PairError):
        update_plan_item(item, actor=alice, **_item(activity="Снова"))
    with pytest.raises(PairError):
        delete_plan_item(item, actor=alice)
    assert not PlanItem.objects.exists()


# --- reading ------------------------------------------------------------------------------


def test_with_plan_progress_counts_done_items(approved_pair, plan, alice):
    add_plan_item(approved_pair, actor=alice, **_item())
    add_plan_item(approved_pair, actor=alice, **_item(done=True, evidence="Сертификат"))
    add_plan_item(approved_pair, actor=alice, **_item(done=True, evidence="Конспект"))
    pair = with_plan_progress(pairs_of_user(alice)["as_mentor"]).get(pk=approved_pair.pk)
    assert (pair.has_plan, pair.plan_items, pair.plan_done) == (True, 3, 2)


def test_with_plan_progress_without_a_plan(approved_pair, alice):
    pair = with_plan_progress(Pair.objects.all()).get(pk=approved_pair.pk)
    assert (pair.has_plan, pair.plan_items, pair.plan_done) == (False, 0, 0)


def test_next_meeting_due_counts_from_the_last_meeting_or_the_approval(approved_pair, settings):
    settings.MEETING_MAX_GAP_DAYS = 14
    approved_pair.last_meeting_on = None
    assert next_meeting_due(approved_pair) == timezone.localdate(approved_pair.approved_at) + datetime.timedelta(14)
    approved_pair.last_meeting_on = datetime.date(2025, 10, 1)
    assert next_meeting_due(approved_pair) == datetime.date(2025, 10, 15)
    approved_pair.status = PairStatus.TERMINATED
    assert next_meeting_due(approved_pair) is None


def test_person_rows_of_a_teacher_and_of_a_student(organization):
    teacher = ParticipantFactory(
        organization=organization, surname="Петрова", name="Анна", patronymic="Ивановна",
        education="высшее, НГПУ", teaching_experience_years=12, position="преподаватель",
        qualification_category="высшая",
    )
    row = person_rows(teacher)
    assert (row["full_name"], row["education"], row["position"], row["qualification"]) == (
        "Петрова Анна Ивановна", "высшее, НГПУ", "преподаватель", "высшая",
    )
    assert "12" in row["experience"]
    student = ParticipantFactory(
        organization=organization, category=ParticipantCategory.STUDENT, study_group="ИС-21",
        course=2, specialty="09.02.07 Информационные системы",
    )
    row = person_rows(student)
    assert "09.02.07 Информационные системы" in row["education"] and "2" in row["education"]
    assert "ИС-21" in row["position"]
    assert (row["experience"], row["qualification"]) == ("—", "—")


def test_plan_document_shows_a_group_member_only_themselves(
    organization, alice, bob, curator, tt_form, group_kind, make_mentee
):
    other = make_mentee("Соседова")
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile, form=tt_form,
                       kind=group_kind, mentees=[bob.participant.mentee_profile, other],
                       status=PairStatus.APPROVED)
    names = lambda user: [m["full_name"] for m in plan_document(pair, user)["mentees"]]  # noqa: E731
    assert names(bob) == ["Бобров Борис Олегович"]
    assert len(names(alice)) == 2
    assert len(names(curator)) == 2
    assert plan_document(pair, bob)["group_size"] == 2
