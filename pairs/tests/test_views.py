"""Pages of pairs (pairs/views.py) through the Django test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import Role
from mentoring.tests.factories import MembershipFactory, PairFactory, UserFactory
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting, Pair
from reports.models import Order


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def dora(organization, make_mentor, make_mentee, tt_form):
    """Mentor dora, who leads another pair of the same college."""
    user = UserFactory(username="dora")
    MembershipFactory(user=user, organization=organization, role=Role.MENTOR)
    mentor = make_mentor("Дорина")
    mentor.participant.user = user
    mentor.participant.save(update_fields=["user"])
    PairFactory(organization=organization, mentor=mentor, form=tt_form, mentees=[make_mentee("Чужой")])
    return user


@pytest.fixture
def eve(organization, make_mentee):
    """Mentee eve, who is not in alice's pair."""
    user = UserFactory(username="eve")
    MembershipFactory(user=user, organization=organization, role=Role.MENTEE)
    mentee = make_mentee("Евина")
    mentee.participant.user = user
    mentee.participant.save(update_fields=["user"])
    return user


# --- forming ------------------------------------------------------------------------------


def test_form_page_curator_adds_a_draft_by_hand(login, curator, tt_form, traditional, alice_mentor, bob_mentee):
    client = login(curator)
    url = reverse("pairs:matching_add") + f"?form={tt_form.pk}"

    page = client.get(url)
    assert page.status_code == 200
    assert "Алисова А. П." in page.content.decode()

    response = client.post(url, {
        "form": tt_form.pk, "kind": traditional.pk, "mentor": alice_mentor.pk, "mentees": [bob_mentee.pk],
    })

    assert response.status_code == 302
    pair = Pair.objects.get()
    assert (pair.status, pair.mentor, list(pair.mentees.all())) == ("draft", alice_mentor, [bob_mentee])
    drafts = client.get(response.url).content.decode()
    assert "Черновики" in drafts and f'value="{pair.pk}"' in drafts


def test_form_page_shows_rule_errors_in_russian(login, curator, tt_form, group_kind, alice_mentor, bob_mentee, make_mentee):
    client = login(curator)
    alice_mentor.capacity = 1
    alice_mentor.save(update_fields=["capacity"])
    other = make_mentee("Второй")

    response = client.post(reverse("pairs:matching_add") + f"?form={tt_form.pk}", {
        "form": tt_form.pk, "kind": group_kind.pk, "mentor": alice_mentor.pk,
        "mentees": [bob_mentee.pk, other.pk],
    })

    assert response.status_code == 200
    assert "свободных мест: 1 из 1" in response.content.decode()
    assert Pair.objects.count() == 0


def test_form_page_suggests_mentors_and_picks_one(login, curator, tt_form, bob_mentee, make_mentor):
    from participants.models import MenteeRequest

    MenteeRequest.objects.create(mentee=bob_mentee, text="подготовка к олимпиаде")
    olympiad = make_mentor("Олимпиадова", interests="олимпиадное движение")
    client = login(curator)
    url = reverse("pairs:matching_add")

    page = client.get(url, {"form": tt_form.pk, "mentee": bob_mentee.pk}).content.decode()

    assert "Олимпиадова" in page
    assert "олимпиадное движение" in page
    assert f"mentor={olympiad.pk}" in page
    picked = client.get(
        url, {"form": tt_form.pk, "mentee": bob_mentee.pk, "mentor": olympiad.pk}
    ).content.decode()
    assert f'<option value="{olympiad.pk}" selected>' in picked


def test_form_page_submits_and_deletes_drafts(login, curator, draft_pair, make_mentor, make_mentee, tt_form, traditional):
    from pairs.services.formation import create_pair

    other = create_pair(
        organization=draft_pair.organization, form=tt_form, kind=traditional,
        mentor=make_mentor("Другая"), mentees=[make_mentee("Другой")], actor=curator,
    )
    client = login(curator)

    client.post(reverse("pairs:submit"), {"pair": [draft_pair.pk]})
    client.post(reverse("pairs:delete_draft"), {"pair_id": other.pk})

    draft_pair.refresh_from_db()
    assert draft_pair.status == PairStatus.PROPOSED
    assert not Pair.objects.filter(pk=other.pk).exists()


def test_form_page_is_forbidden_to_mentors_and_directors(login, alice, director):
    assert login(alice).get(reverse("pairs:form")).status_code == 403
    assert login(director).get(reverse("pairs:form")).status_code == 403


# --- approval --------------------------------------------------------------------------------


def test_approval_queue_director_approves_and_gets_the_order_link(login, director, proposed_pair):
    client = login(director)
    assert "Бобров Борис Олегович" in client.get(reverse("pairs:approval_queue")).content.decode()

    response = client.post(
        reverse("pairs:approval_queue"), {"pairs": [proposed_pair.pk], "action": "approve"}, follow=True
    )

    order = Order.objects.get()
    proposed_pair.refresh_from_db()
    assert (proposed_pair.status, proposed_pair.order, proposed_pair.approved_by) == ("approved", order, director)
    page = response.content.decode()
    assert "Издан приказ № 1 от" in page
    assert reverse("reports:order_download", args=[order.pk]) in page


def test_approval_queue_return_requires_a_comment(login, director, proposed_pair):
    client = login(director)
    url = reverse("pairs:approval_queue")

    page = client.post(url, {"pairs": [proposed_pair.pk], "action": "return", "comment": ""})
    assert "комментарий обязателен" in page.content.decode()
    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.PROPOSED

    client.post(url, {"pairs": [proposed_pair.pk], "action": "return", "comment": "Другой наставник"})
    proposed_pair.refresh_from_db()
    assert (proposed_pair.status, proposed_pair.return_comment) == ("draft", "Другой наставник")


def test_approval_queue_is_forbidden_to_curators(login, curator, proposed_pair):
    client = login(curator)

    assert client.get(reverse("pairs:approval_queue")).status_code == 403
    response = client.post(reverse("pairs:approval_queue"), {"pairs": [proposed_pair.pk], "action": "approve"})
    assert response.status_code == 403
    assert Order.objects.count() == 0


# --- meetings ---------------------------------------------------------------------------------


def test_meeting_create_mentor_logs_a_meeting(login, alice, approved_pair):
    client = login(alice)
    url = reverse("pairs:meeting_create", args=[approved_pair.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {
        "meeting_type": MeetingType.INTRODUCTORY, "held_on": timezone.localdate().isoformat(),
        "topic": "Знакомство", "duration_minutes": 40, "meeting_format": "in_person", "notes": "",
    })

    assert response.status_code == 302
    assert response.url == reverse("pairs:detail", args=[approved_pair.pk])
    meeting = Meeting.objects.get()
    assert (meeting.pair, meeting.topic, meeting.duration_minutes) == (approved_pair, "Знакомство", 40)
    approved_pair.refresh_from_db()
    assert approved_pair.status == PairStatus.ACTIVE


def test_meeting_create_shows_a_future_date_error(login, alice, approved_pair):
    response = login(alice).post(reverse("pairs:meeting_create", args=[approved_pair.pk]), {
        "meeting_type": MeetingType.REGULAR,
        "held_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        "topic": "Будущая", "meeting_format": "online",
    })

    assert response.status_code == 200
    assert "дата в будущем" in response.content.decode()
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("who", ["dora", "eve", "charlie"])
@pytest.mark.parametrize("name", ["pairs:detail", "pairs:meeting_create"])
def test_pair_pages_answer_404_outside_the_pair(login, request, approved_pair, who, name):
    client = login(request.getfixturevalue(who))

    assert client.get(reverse(name, args=[approved_pair.pk])).status_code == 404


def test_meeting_create_is_404_for_the_pairs_own_mentee(login, bob, approved_pair):
    assert login(bob).get(reverse("pairs:meeting_create", args=[approved_pair.pk])).status_code == 404


# --- detail, lists -------------------------------------------------------------------------------


def test_detail_shows_members_history_order_and_meetings(login, alice, curator, approved_pair):
    Meeting.objects.create(
        pair=approved_pair, meeting_type=MeetingType.INTRODUCTORY, held_on=timezone.localdate(), topic="Знакомство"
    )
    page = login(alice).get(reverse("pairs:detail", args=[approved_pair.pk])).content.decode()

    assert "Бобров Борис Олегович" in page
    assert "Ожидает утверждения → <strong>Утверждена</strong>" in page
    assert "Приказ № 1 от" in page
    # the order file is for programme staff only (reports:order_download)
    assert reverse("reports:order_download", args=[approved_pair.order_id]) not in page
    assert "Знакомство" in page
    assert reverse("pairs:meeting_create", args=[approved_pair.pk]) in page
    staff_page = login(curator).get(reverse("pairs:detail", args=[approved_pair.pk])).content.decode()
    assert reverse("reports:order_download", args=[approved_pair.order_id]) in staff_page


def test_detail_mentee_sees_the_pair_without_logging(login, bob, approved_pair):
    page = login(bob).get(reverse("pairs:detail", args=[approved_pair.pk])).content.decode()

    assert "Алисова Алиса Петровна" in page
    assert reverse("pairs:meeting_create", args=[approved_pair.pk]) not in page


def test_list_filters_and_flags_inactive_pairs(login, curator, approved_pair, draft_pair_other):
    Pair.objects.filter(pk=approved_pair.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=20)
    )
    client = login(curator)

    page = client.get(reverse("pairs:list")).content.decode()
    assert "нет встреч более 14 дней" in page
    assert "Другой" in page

    only_inactive = client.get(reverse("pairs:list"), {"inactive": "true"}).content.decode()
    assert "Бобров" in only_inactive and "Другой" not in only_inactive
    by_name = client.get(reverse("pairs:list"), {"q": "Другая"}).content.decode()
    assert "Другой" in by_name and "Бобров" not in by_name
    drafts = client.get(reverse("pairs:list"), {"status": "draft"}).content.decode()
    assert "Другой" in drafts and "Бобров" not in drafts


@pytest.fixture
def draft_pair_other(organization, curator, tt_form, traditional, make_mentor, make_mentee):
    from pairs.services.formation import create_pair

    return create_pair(
        organization=organization, form=tt_form, kind=traditional,
        mentor=make_mentor("Другая"), mentees=[make_mentee("Другой")], actor=curator,
    )


@pytest.mark.parametrize("size", [2, 20])
def test_list_runs_bounded_queries(
    login, curator, organization, tt_form, make_mentee, django_assert_max_num_queries, size
):
    for number in range(size):
        PairFactory(organization=organization, form=tt_form, mentees=[make_mentee(f"Н{number}"), make_mentee(f"М{number}")])
    client = login(curator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("pairs:list"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/pairs/') >= 2 * size

    # the same pairs are drafts, listed on the matching workspace
    with django_assert_max_num_queries(22):
        response = client.get(reverse("pairs:form"), {"form": tt_form.pk})
    assert response.status_code == 200
    assert response.content.decode().count('name="pair"') == size


def test_list_is_forbidden_to_mentors(login, alice):
    assert login(alice).get(reverse("pairs:list")).status_code == 403


def test_my_pairs_mentor_and_mentee(login, alice, bob, approved_pair):
    mentor_page = login(alice).get(reverse("pairs:my_pairs")).content.decode()
    assert "Бобров Борис Олегович" in mentor_page
    assert reverse("pairs:meeting_create", args=[approved_pair.pk]) in mentor_page

    mentee_page = login(bob).get(reverse("pairs:my_pairs")).content.decode()
    assert "Алисова Алиса Петровна" in mentee_page
    assert alice.participant.email in mentee_page
    assert reverse("pairs:meeting_create", args=[approved_pair.pk]) not in mentee_page


def test_admin_pages_open(client, approved_pair, alice):
    from pairs.models import PersonalPlan, PlanItem

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    meeting = Meeting.objects.create(
        pair=approved_pair, meeting_type=MeetingType.REGULAR, held_on=timezone.localdate(), topic="Встреча"
    )
    plan = PersonalPlan.objects.create(pair=approved_pair, goal="Адаптация")
    PlanItem.objects.create(plan=plan, direction="methodical", activity="Посещение уроков")
    client.force_login(admin)

    for url in [
        reverse("admin:pairs_pair_changelist"),
        reverse("admin:pairs_pair_change", args=[approved_pair.pk]),
        reverse("admin:pairs_meeting_change", args=[meeting.pk]),
        reverse("admin:pairs_personalplan_change", args=[plan.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:pairs_pair_change", args=[approved_pair.pk])).content.decode()
    assert "Ожидает утверждения" in page and "Посещение уроков" not in page
