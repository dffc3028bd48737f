"""Pages of the personalised programme, «Мои пары» and «Мой наставник»
(pairs/views/plans.py) through the Django test client."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.enums import ParticipantCategory, Role
from mentoring.selectors import audit_events
from mentoring.tests.factories import MembershipFactory, PairFactory, UserFactory
from pairs.enums import MeetingType, PairStatus, PlanDirection
from pairs.models import PersonalPlan, PlanItem
from pairs.services.lifecycle import set_pair_status
from pairs.services.meetings import log_meeting
from pairs.services.plans import add_plan_item, save_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def _start():
    return timezone.localdate() - datetime.timedelta(days=30)


def _header(**overrides):
    values = {
        "deficits": "Затруднения в организации учебного занятия",
        "goal": "Адаптация молодого педагога в техникуме",
        "tasks": "Освоить современные методы обучения",
        "content": "1. Диагностика затруднений",
        "expected_results": "1. Успешная адаптация",
        "starts_on": _start(),
        "ends_on": _start() + datetime.timedelta(days=240),
    }
    values.update(overrides)
    return values


def _post_dates(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in values.items()}


@pytest.fixture
def plan(approved_pair, alice):
    plan = save_plan(approved_pair, actor=alice, **_header())
    add_plan_item(
        approved_pair, actor=alice, direction=PlanDirection.METHODICAL,
        activity="Разработка технологической карты урока", deadline=_start() + datetime.timedelta(days=20),
        methods="Совместное планирование", expected_result="Технологическая карта",
    )
    return plan


@pytest.fixture
def dora(organization, make_mentor, make_mentee, tt_form):
    """Mentor dora, who leads another approved pair of the same college."""
    user = UserFactory(username="dora")
    MembershipFactory(user=user, organization=organization, role=Role.MENTOR)
    mentor = make_mentor("Дорина")
    mentor.participant.user = user
    mentor.participant.save(update_fields=["user"])
    PairFactory(organization=organization, mentor=mentor, form=tt_form, mentees=[make_mentee("Чужой")],
                status=PairStatus.APPROVED, approved_at=timezone.now())
    return user


@pytest.fixture
def eve(organization, make_mentee):
    """Mentee eve, without a pair."""
    user = UserFactory(username="eve")
    MembershipFactory(user=user, organization=organization, role=Role.MENTEE)
    mentee = make_mentee("Евина")
    mentee.participant.user = user
    mentee.participant.save(update_fields=["user"])
    return user


def _edit_urls(pair, item=None):
    urls = [reverse("pairs:plan_edit", args=[pair.pk]), reverse("pairs:plan_item_create", args=[pair.pk])]
    if item is not None:
        urls += [
            reverse("pairs:plan_item_edit", args=[pair.pk, item.pk]),
            reverse("pairs:plan_item_delete", args=[pair.pk, item.pk]),
        ]
    return urls


# --- the mentor edits ------------------------------------------------------------------------


def test_mentor_drafts_the_programme_from_the_seed_suggestion(login, alice, approved_pair):
    client = login(alice)
    url = reverse("pairs:plan_edit", args=[approved_pair.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Диагностика затруднений и выбор форм оказания помощи" in page.content.decode()
    assert "Успешная адаптация начинающего педагога" in page.content.decode()

    response = client.post(url, _post_dates(_header()))
    assert response.status_code == 302
    assert response["Location"] == reverse("pairs:plan", args=[approved_pair.pk])
    plan = PersonalPlan.objects.get(pair=approved_pair)
    assert (plan.goal, plan.updated_by) == ("Адаптация молодого педагога в техникуме", alice)


def test_plan_form_shows_the_duration_error(login, alice, approved_pair):
    values = _header(ends_on=_start() + datetime.timedelta(days=60))
    response = login(alice).post(reverse("pairs:plan_edit", args=[approved_pair.pk]), _post_dates(values))
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not PersonalPlan.objects.exists()


def test_mentor_adds_edits_and_deletes_items(login, alice, approved_pair, plan):
    client = login(alice)
    deadline = (_start() + datetime.timedelta(days=50)).isoformat()
    response = client.post(reverse("pairs:plan_item_create", args=[approved_pair.pk]), {
        "direction": PlanDirection.ICT, "activity": "Освоение электронного журнала", "deadline": deadline,
        "methods": "Практикум", "expected_result": "Журнал ведётся",
    })
    assert response.status_code == 302
    item = PlanItem.objects.get(activity="Освоение электронного журнала")
    assert (item.plan, item.direction) == (plan, PlanDirection.ICT)

    edit_url = reverse("pairs:plan_item_edit", args=[approved_pair.pk, item.pk])
    fields = {"direction": PlanDirection.ICT, "activity": item.activity, "deadline": deadline, "done": "on"}
    refused = client.post(edit_url, fields)  # done without evidence
    assert refused.status_code == 200
    assert "evidence" in refused.context["form"].errors
    item.refresh_from_db()
    assert item.done is False

    done = client.post(edit_url, {**fields, "evidence": "Скриншот журнала группы ИС-21"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.done, item.done_on, item.evidence) == (True, timezone.localdate(), "Скриншот журнала группы ИС-21")

    delete_url = reverse("pairs:plan_item_delete", args=[approved_pair.pk, item.pk])
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Освоение электронного журнала" in confirm.content.decode()
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert client.post(delete_url).status_code == 302
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_item_deadline_outside_is_shown_on_the_field(login, alice, approved_pair, plan):
    response = login(alice).post(reverse("pairs:plan_item_create", args=[approved_pair.pk]), {
        "direction": PlanDirection.ICT, "activity": "Слишком поздно",
        "deadline": (plan.ends_on + datetime.timedelta(days=1)).isoformat(),
    })
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not PlanItem.objects.filter(activity="Слишком поздно").exists()


def test_items_before_the_header_lead_to_the_header(login, alice, approved_pair):
    response = login(alice).get(reverse("pairs:plan_item_create", args=[approved_pair.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("pairs:plan_edit", args=[approved_pair.pk])


def test_ended_pair_is_read_only_for_its_mentor(login, alice, curator, approved_pair, plan):
    set_pair_status(approved_pair, PairStatus.TERMINATED, actor=curator)
    item = plan.items.get()
    client = login(alice)
    for url in _edit_urls(approved_pair, item):
        response = client.post(url, _post_dates(_header(goal="Изменено")))
        assert response.status_code == 302, url
        assert response["Location"] == reverse("pairs:plan", args=[approved_pair.pk])
    plan.refresh_from_db()
    assert plan.goal == "Адаптация молодого педагога в техникуме"
    assert PlanItem.objects.filter(pk=item.pk).exists()
    page = client.get(reverse("pairs:plan", args=[approved_pair.pk])).content.decode()
    assert reverse("pairs:plan_item_edit", args=[approved_pair.pk, item.pk]) not in page


# --- everybody else reads ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "curator", "director"])
def test_members_and_staff_read_the_plan_but_cannot_edit(request, login, approved_pair, plan, who):
    client = login(request.getfixturevalue(who))
    page = client.get(reverse("pairs:plan", args=[approved_pair.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Адаптация молодого педагога в техникуме" in text
    assert "Разработка технологической карты урока" in text
    item = plan.items.get()
    assert reverse("pairs:plan_item_edit", args=[approved_pair.pk, item.pk]) not in text
    for url in _edit_urls(approved_pair, item):
        assert client.get(url).status_code == 404, url
        assert client.post(url, _post_dates(_header(goal="Чужая"))).status_code == 404, url
    plan.refresh_from_db()
    assert plan.goal == "Адаптация молодого педагога в техникуме"
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_another_mentor_gets_404_everywhere(login, dora, approved_pair, plan):
    client = login(dora)
    item = plan.items.get()
    urls = [reverse("pairs:plan", args=[approved_pair.pk]), reverse("pairs:plan_pdf", args=[approved_pair.pk])]
    for url in urls + _edit_urls(approved_pair, item):
        assert client.get(url).status_code == 404, url


def test_another_organisation_gets_404_everywhere(login, charlie, approved_pair, plan):
    client = login(charlie)
    item = plan.items.get()
    urls = [reverse("pairs:plan", args=[approved_pair.pk]), reverse("pairs:plan_pdf", args=[approved_pair.pk])]
    for url in urls + _edit_urls(approved_pair, item):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_item_of_another_pair_is_404(login, alice, approved_pair, plan, organization, make_mentee, tt_form):
    other = PairFactory(organization=organization, mentor=alice.participant.mentor_profile, form=tt_form,
                        mentees=[make_mentee("Другой")], status=PairStatus.APPROVED)
    item = plan.items.get()
    client = login(alice)
    assert client.get(reverse("pairs:plan_item_edit", args=[other.pk, item.pk])).status_code == 404
    assert client.post(reverse("pairs:plan_item_delete", args=[other.pk, item.pk])).status_code == 404
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_pair_page_slot_shows_the_progress(login, alice, bob, approved_pair, plan):
    text = login(alice).get(reverse("pairs:detail", args=[approved_pair.pk])).content.decode()
    assert 'id="pair-plan"' in text
    assert reverse("pairs:plan", args=[approved_pair.pk]) in text
    assert 'data-progress="0"' in text


def test_pair_page_slot_offers_the_mentor_to_draft(login, alice, bob, approved_pair):
    url = reverse("pairs:detail", args=[approved_pair.pk])
    assert reverse("pairs:plan_edit", args=[approved_pair.pk]) in login(alice).get(url).content.decode()
    assert reverse("pairs:plan_edit", args=[approved_pair.pk]) not in login(bob).get(url).content.decode()


# --- the PDF --------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "").split())


def test_pdf_holds_the_seed_sections(login, alice, approved_pair, plan, organization):
    response = login(alice).get(reverse("pairs:plan_pdf", args=[approved_pair.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = _pdf_text(response.content)
    for needle in (
        organization.name.upper(),
        "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА",
        "Общие сведения",
        "Пояснительная записка",
        "Проблема (профессиональные дефициты)",
        "Мероприятия",
        "Наименование мероприятия",
        "Алисова Алиса Петровна",
        "Бобров Борис Олегович",
        "Разработка технологической карты урока",
        "Адаптация молодого педагога в техникуме",
    ):
        assert needle in text, needle
    assert audit_events("pairs.plan.exported", actor=alice).count() == 1


def test_group_member_pdf_shows_only_their_own_details(
    login, organization, alice, bob, tt_form, group_kind, make_mentee
):
    other = make_mentee("Соседова", name="Софья", patronymic="Андреевна")
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile, form=tt_form,
                       kind=group_kind, mentees=[bob.participant.mentee_profile, other],
                       status=PairStatus.APPROVED, approved_at=timezone.now())
    save_plan(pair, actor=alice, **_header())
    mentee_pdf = _pdf_text(login(bob).get(reverse("pairs:plan_pdf", args=[pair.pk])).content)
    assert "Бобров Борис Олегович" in mentee_pdf
    assert "Соседова" not in mentee_pdf
    mentor_pdf = _pdf_text(login(alice).get(reverse("pairs:plan_pdf", args=[pair.pk])).content)
    assert "Соседова Софья Андреевна" in mentor_pdf


# --- «Мои пары» -------------------------------------------------------------------------------


def test_my_pairs_shows_the_mentors_own_pairs_only(login, alice, dora, approved_pair, plan):
    log_meeting(approved_pair, actor=alice, meeting_type=MeetingType.INTRODUCTORY,
                held_on=timezone.localdate(), topic="Знакомство")
    page = login(alice).get(reverse("pairs:my_pairs"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="my-pair-{approved_pair.pk}"' in text
    assert "Бобров Борис Олегович" in text
    assert "Чужой" not in text
    assert reverse("pairs:meeting_create", args=[approved_pair.pk]) in text
    assert reverse("pairs:plan", args=[approved_pair.pk]) in text
    # the feedback form of the meeting is waiting for the mentor
    response = alice.participant.survey_responses.get()
    assert reverse("surveys:response_fill", args=[response.pk]) in text
    next_due = timezone.localdate() + datetime.timedelta(days=14)
    assert next_due.strftime("%d.%m.%Y") in text


def test_my_pairs_offers_to_draft_a_missing_programme(login, alice, approved_pair):
    text = login(alice).get(reverse("pairs:my_pairs")).content.decode()
    assert reverse("pairs:plan_edit", args=[approved_pair.pk]) in text


def test_my_pairs_empty_state(login, organization):
    user = UserFactory(username="newbie")
    MembershipFactory(user=user, organization=organization, role=Role.MENTOR)
    text = login(user).get(reverse("pairs:my_pairs")).content.decode()
    assert 'id="my-pairs-empty"' in text


def _mentor_pairs(organization, mentor, count, tt_form, make_mentee, prefix):
    for index in range(count):
        pair = PairFactory(organization=organization, mentor=mentor, form=tt_form,
                           mentees=[make_mentee(f"{prefix}{index}")], status=PairStatus.APPROVED,
                           approved_at=timezone.now())
        PersonalPlan.objects.create(pair=pair, goal="Цель", starts_on=_start(),
                                    ends_on=_start() + datetime.timedelta(days=200))


def test_my_pairs_runs_a_bounded_number_of_queries(
    login, alice, organization, tt_form, make_mentee, django_assert_max_num_queries
):
    client = login(alice)
    mentor = alice.participant.mentor_profile
    budget = None
    for size in (2, 12):
        _mentor_pairs(organization, mentor, size - (2 if size == 12 else 0), tt_form, make_mentee, f"М{size}-")
        with django_assert_max_num_queries(12) as captured:
            response = client.get(reverse("pairs:my_pairs"))
        assert response.status_code == 200
        assert response.content.decode().count('id="my-pair-') == size
        budget = budget or len(captured)
        assert len(captured) == budget


# --- «Мой наставник» ------------------------------------------------------------------------


def test_my_mentor_shows_the_mentor_plan_meetings_and_forms(login, alice, bob, approved_pair, plan):
    alice.participant.position = "преподаватель информатики"
    alice.participant.save(update_fields=["position"])
    log_meeting(approved_pair, actor=alice, meeting_type=MeetingType.INTRODUCTORY,
                held_on=timezone.localdate(), topic="Знакомство и цели")
    page = login(bob).get(reverse("pairs:my_mentor"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="my-mentor-pair-{approved_pair.pk}"' in text
    for needle in ("Алисова Алиса Петровна", "преподаватель информатики", alice.participant.email,
                   "Знакомство и цели", "Адаптация молодого педагога в техникуме",
                   "Разработка технологической карты урока"):
        assert needle in text, needle
    response = bob.participant.survey_responses.get()
    assert reverse("surveys:response_fill", args=[response.pk]) in text
    # read-only: no edit links for the mentee
    assert reverse("pairs:plan_edit", args=[approved_pair.pk]) not in text
    assert reverse("pairs:plan_item_create", args=[approved_pair.pk]) not in text


def test_my_mentor_empty_state(login, eve, approved_pair):
    page = login(eve).get(reverse("pairs:my_mentor"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="my-mentor-empty"' in text
    assert "Алисова" not in text


def test_my_mentor_does_not_show_a_draft_pair(login, bob, draft_pair):
    text = login(bob).get(reverse("pairs:my_mentor")).content.decode()
    assert 'id="my-mentor-empty"' in text
    assert "Алисова" not in text


def test_my_mentor_lists_an_ended_pair_as_earlier(login, bob, curator, approved_pair):
    set_pair_status(approved_pair, PairStatus.TERMINATED, actor=curator)
    text = login(bob).get(reverse("pairs:my_mentor")).content.decode()
    assert 'id="my-mentor-empty"' in text
    assert 'id="my-mentor-past"' in text
    assert reverse("pairs:plan", args=[approved_pair.pk]) in text


def test_my_mentor_group_member_sees_only_themselves(
    login, organization, alice, bob, tt_form, group_kind, make_mentee
):
    other = make_mentee("Соседова", category=ParticipantCategory.STUDENT)
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile, form=tt_form,
                       kind=group_kind, mentees=[bob.participant.mentee_profile, other],
                       status=PairStatus.APPROVED, approved_at=timezone.now())
    save_plan(pair, actor=alice, **_header())
    text = login(bob).get(reverse("pairs:my_mentor")).content.decode()
    assert "Бобров Борис Олегович" in text
    assert "Соседова" not in text


def test_my_mentor_runs_a_bounded_number_of_queries(
    login, bob, organization, make_mentor, tt_form, django_assert_max_num_queries
):
    client = login(bob)
    mentee = bob.participant.mentee_profile
    budget = None
    for size in (1, 6):
        while mentee.pairs.count() < size:
            index = mentee.pairs.count()
            pair = PairFactory(organization=organization, mentor=make_mentor(f"Наставник{index}"), form=tt_form,
                               mentees=[mentee], status=PairStatus.APPROVED, approved_at=timezone.now())
            plan = PersonalPlan.objects.create(pair=pair, goal=f"Цель {index}", starts_on=_start(),
                                               ends_on=_start() + datetime.timedelta(days=200))
            PlanItem.objects.create(plan=plan, direction=PlanDirection.ICT, activity=f"Дело {index}",
                                    deadline=_start() + datetime.timedelta(days=10))
        with django_assert_max_num_queries(16) as captured:
            response = client.get(reverse("pairs:my_mentor"))
        assert response.status_code == 200
        assert len(re.findall(r'id="my-mentor-pair-\d+"', response.content.decode())) == size
        budget = budget or len(captured)
        assert len(captured) == budget
