"""The awards pages: the mentors' results, proposing, the award list with its
filters, editing and deleting with a confirmation, the rewards order button;
permissions, 404s for other organisations, query budgets at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import Role
from mentoring.tests.factories import MembershipFactory, UserFactory
from pairs.enums import PairStatus
from participants.enums import MentorStatus
from reports.enums import AwardKind, OrderKind, OrderStatus
from reports.models import Award, Order
from reports.tests.conftest import make_pair, mentee_of, mentor_of


def approved_mentor(organization, **fields):
    mentor = mentor_of(organization, **fields)
    mentor.status = MentorStatus.APPROVED
    mentor.save()
    return mentor


def award_of(organization, year, mentor, kind=AwardKind.LETTER_OF_THANKS, order=None, **fields):
    return Award.objects.create(
        organization=organization, academic_year=year, mentor=mentor, kind=kind,
        reason=fields.pop("reason", "За высокие результаты"), order=order, **fields,
    )


def order_of(organization, year, status=OrderStatus.DRAFT, **fields):
    if status in (OrderStatus.SIGNED, OrderStatus.ISSUED):
        fields.setdefault("number", 3)
        fields.setdefault("issued_on", timezone.localdate())
    return Order.objects.create(
        organization=organization, academic_year=year, kind=OrderKind.REWARDS,
        title="О поощрении участников наставнической деятельности", status=status, **fields,
    )


@pytest.fixture
def admin_user(organization):
    user = UserFactory(username="admin1")
    MembershipFactory(user=user, organization=organization, role=Role.ADMIN)
    return user


# --- the mentors' results ------------------------------------------------------------------


def test_results_page_ranks_mentors_with_a_reward_button(client, curator, organization, year):
    first = approved_mentor(organization, surname="Первова", name="Анна")
    second = approved_mentor(organization, surname="Вторых", name="Борис")
    make_pair(organization, year, mentor=first, mentees=[mentee_of(organization)], status=PairStatus.COMPLETED)
    client.force_login(curator)
    response = client.get(reverse("reports:mentor_results"), {"year": year.pk})
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [r.mentor for r in rows] == [first, second]
    assert (rows[0].pairs, rows[0].completed_pairs, rows[0].mentees) == (1, 1, 1)
    body = response.content.decode()
    assert body.index("Первова Анна") < body.index("Вторых Борис")
    assert reverse("reports:award_create", args=[first.pk]) + "?year=%d" % year.pk in body


def test_results_page_search_is_case_insensitive_for_cyrillic(client, curator, organization, year):
    approved_mentor(organization, surname="Первова", name="Анна")
    wanted = approved_mentor(organization, surname="Ёлкина", name="Вера")
    client.force_login(curator)
    response = client.get(reverse("reports:mentor_results"), {"year": year.pk, "q": "елкина"})
    assert [r.mentor for r in response.context["page"].object_list] == [wanted]
    assert "Первова" not in response.content.decode()
    response = client.get(reverse("reports:mentor_results"), {"year": year.pk, "q": "Никого"})
    assert list(response.context["page"].object_list) == []


def test_results_page_paginates(client, curator, organization, year, settings):
    settings.PAGE_SIZE = 2
    for index in range(5):
        approved_mentor(organization, surname=f"Наставник{index}")
    client.force_login(curator)
    response = client.get(reverse("reports:mentor_results"), {"year": year.pk, "page": 3})
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(page.object_list)) == (3, 3, 1)
    assert page.object_list[0].rank == 5


def test_director_sees_results_without_reward_buttons(client, director, organization, year):
    mentor = approved_mentor(organization)
    client.force_login(director)
    response = client.get(reverse("reports:mentor_results"))
    assert response.status_code == 200
    assert reverse("reports:award_create", args=[mentor.pk]) not in response.content.decode()
    # an object URL: 404 for a role that may not manage awards (mentoring.permissions)
    assert client.get(reverse("reports:award_create", args=[mentor.pk])).status_code == 404


def test_results_page_empty_state(client, curator, year):
    client.force_login(curator)
    response = client.get(reverse("reports:mentor_results"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def _grow(organization, year, mentors):
    for _ in range(mentors):
        mentor = approved_mentor(organization)
        make_pair(organization, year, mentor=mentor, mentees=[mentee_of(organization)])
        award_of(organization, year, mentor, order=order_of(organization, year))


@pytest.mark.parametrize("name", ["reports:mentor_results", "reports:award_list"])
def test_pages_cost_the_same_queries_at_two_sizes(client, curator, organization, year, name):
    client.force_login(curator)
    counts = []
    for added in (2, 20):
        _grow(organization, year, added)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name), {"year": year.pk})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


# --- proposing --------------------------------------------------------------------------


def test_curator_proposes_an_award(client, curator, organization, year):
    mentor = approved_mentor(organization)
    client.force_login(curator)
    url = reverse("reports:award_create", args=[mentor.pk]) + "?year=%d" % year.pk
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "kind": AwardKind.PAY_SUPPLEMENT, "reason": "За наставничество", "supplement_percent": "15",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:award_list") + "?year=%d" % year.pk
    award = Award.objects.get()
    assert (award.mentor, award.academic_year, award.kind, award.supplement_percent, award.proposed_by) == (
        mentor, year, AwardKind.PAY_SUPPLEMENT, 15, curator
    )


def test_percent_for_another_kind_is_ignored(client, curator, organization, year):
    """The percentage is hidden for other kinds: a value left in it is dropped."""
    mentor = approved_mentor(organization)
    client.force_login(curator)
    client.post(reverse("reports:award_create", args=[mentor.pk]), {
        "kind": AwardKind.CERTIFICATE, "reason": "За участие", "supplement_percent": "15",
    })
    assert Award.objects.get().supplement_percent is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": AwardKind.PAY_SUPPLEMENT, "reason": "За работу"}, "supplement_percent"),
        ({"kind": AwardKind.PAY_SUPPLEMENT, "reason": "За работу", "supplement_percent": "150"},
         "supplement_percent"),
        ({"kind": AwardKind.CERTIFICATE, "reason": "  "}, "reason"),
    ],
)
def test_invalid_award_shows_the_field_error(client, curator, organization, year, data, field):
    mentor = approved_mentor(organization)
    client.force_login(curator)
    response = client.post(reverse("reports:award_create", args=[mentor.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Award.objects.exists()


def test_duplicate_award_shows_the_kind_error(client, curator, organization, year):
    mentor = approved_mentor(organization)
    award_of(organization, year, mentor, kind=AwardKind.CERTIFICATE)
    client.force_login(curator)
    response = client.post(
        reverse("reports:award_create", args=[mentor.pk]) + "?year=%d" % year.pk,
        {"kind": AwardKind.CERTIFICATE, "reason": "Ещё раз"},
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert Award.objects.count() == 1


def test_candidate_cannot_be_awarded(client, curator, organization, year):
    candidate = mentor_of(organization)
    client.force_login(curator)
    response = client.post(reverse("reports:award_create", args=[candidate.pk]),
                           {"kind": AwardKind.CERTIFICATE, "reason": "За участие"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Award.objects.exists()


# --- the award list ------------------------------------------------------------------------


def test_award_list_shows_order_status_and_links(client, curator, organization, year):
    signed = order_of(organization, year, OrderStatus.SIGNED, number=12)
    draft = order_of(organization, year)
    in_signed = award_of(organization, year, approved_mentor(organization, surname="Аксёнова"), order=signed)
    in_draft = award_of(organization, year, approved_mentor(organization, surname="Белова"), order=draft)
    free = award_of(organization, year, approved_mentor(organization, surname="Волков"),
                    kind=AwardKind.PAY_SUPPLEMENT, supplement_percent=15)
    client.force_login(curator)
    response = client.get(reverse("reports:award_list"), {"year": year.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("reports:order_detail", args=[signed.pk]) in body
    assert reverse("reports:order_detail", args=[draft.pk]) in body
    assert "12" in body
    # edit/delete only while not signed
    assert reverse("reports:award_edit", args=[in_signed.pk]) not in body
    assert reverse("reports:award_delete", args=[in_signed.pk]) not in body
    for award in (in_draft, free):
        assert reverse("reports:award_edit", args=[award.pk]) in body
        assert reverse("reports:award_delete", args=[award.pk]) in body
    assert response.context["unordered"] == 1
    assert reverse("reports:rewards_order_create") in body


def test_award_list_filters_by_kind_and_name(client, curator, organization, year):
    letter = award_of(organization, year, approved_mentor(organization, surname="Аксёнова", name="Ольга"))
    award_of(organization, year, approved_mentor(organization, surname="Белова"), kind=AwardKind.CERTIFICATE)
    client.force_login(curator)
    response = client.get(reverse("reports:award_list"), {"year": year.pk, "kind": AwardKind.LETTER_OF_THANKS})
    assert list(response.context["page"].object_list) == [letter]
    response = client.get(reverse("reports:award_list"), {"year": year.pk, "q": "ольга"})
    assert list(response.context["page"].object_list) == [letter]
    response = client.get(reverse("reports:award_list"), {"year": year.pk, "q": "Петров"})
    assert list(response.context["page"].object_list) == []


def test_award_list_of_another_year_is_empty(client, curator, organization, year):
    import datetime

    from mentoring.models import AcademicYear

    award_of(organization, year, approved_mentor(organization))
    earlier = AcademicYear.current(year.starts_on - datetime.timedelta(days=1))
    client.force_login(curator)
    response = client.get(reverse("reports:award_list"), {"year": earlier.pk})
    assert list(response.context["page"].object_list) == []
    assert response.context["unordered"] == 0
    assert reverse("reports:rewards_order_create") not in response.content.decode()


def test_award_list_paginates(client, curator, organization, year, settings):
    settings.PAGE_SIZE = 2
    for index in range(3):
        award_of(organization, year, approved_mentor(organization, surname=f"Фамилия{index}"))
    client.force_login(curator)
    response = client.get(reverse("reports:award_list"), {"year": year.pk, "page": 2})
    assert [a.mentor.participant.surname for a in response.context["page"].object_list] == ["Фамилия2"]


# --- editing and deleting ------------------------------------------------------------------


def test_curator_edits_an_award(client, curator, organization, year):
    award = award_of(organization, year, approved_mentor(organization))
    client.force_login(curator)
    url = reverse("reports:award_edit", args=[award.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": AwardKind.PETITION, "reason": "Ходатайство о награждении"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.kind, award.reason) == (AwardKind.PETITION, "Ходатайство о награждении")


def test_signed_award_cannot_be_edited(client, curator, organization, year):
    award = award_of(organization, year, approved_mentor(organization),
                     order=order_of(organization, year, OrderStatus.SIGNED))
    client.force_login(curator)
    url = reverse("reports:award_edit", args=[award.pk])
    assert client.get(url).status_code == 302
    client.post(url, {"kind": AwardKind.PETITION, "reason": "Другое"})
    award.refresh_from_db()
    assert award.kind == AwardKind.LETTER_OF_THANKS


def test_delete_asks_for_confirmation_then_deletes(client, curator, organization, year):
    award = award_of(organization, year, approved_mentor(organization))
    client.force_login(curator)
    url = reverse("reports:award_delete", args=[award.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert Award.objects.filter(pk=award.pk).exists()
    assert response.context["editable"] is True
    response = client.post(url)
    assert response.status_code == 302
    assert not Award.objects.filter(pk=award.pk).exists()


def test_delete_refused_once_the_order_is_signed(client, curator, organization, year):
    award = award_of(organization, year, approved_mentor(organization),
                     order=order_of(organization, year, OrderStatus.SIGNED))
    client.force_login(curator)
    url = reverse("reports:award_delete", args=[award.pk])
    response = client.get(url)
    assert response.context["editable"] is False
    client.post(url)
    assert Award.objects.filter(pk=award.pk).exists()


# --- the rewards order ------------------------------------------------------------------------


def test_rewards_order_button_drafts_the_order_and_opens_it(client, curator, organization, year):
    first = award_of(organization, year, approved_mentor(organization))
    second = award_of(organization, year, approved_mentor(organization), kind=AwardKind.CERTIFICATE)
    client.force_login(curator)
    response = client.post(reverse("reports:rewards_order_create"), {"year": year.pk})
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:order_detail", args=[order.pk])
    assert (order.kind, order.status) == (OrderKind.REWARDS, OrderStatus.DRAFT)
    assert set(order.awards.all()) == {first, second}


def test_rewards_order_button_without_awards_goes_back(client, curator, organization, year):
    client.force_login(curator)
    response = client.post(reverse("reports:rewards_order_create"), {"year": year.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:award_list") + "?year=%d" % year.pk
    assert not Order.objects.exists()


def test_rewards_order_needs_post(client, curator):
    client.force_login(curator)
    assert client.get(reverse("reports:rewards_order_create")).status_code == 405


def test_administrator_drafts_the_rewards_order(client, admin_user, organization, year):
    award = award_of(organization, year, approved_mentor(organization))
    client.force_login(admin_user)
    client.post(reverse("reports:rewards_order_create"), {"year": year.pk})
    award.refresh_from_db()
    assert award.order is not None and award.order.kind == OrderKind.REWARDS


# --- permissions and other organisations -----------------------------------------------------------


def test_mentor_gets_403_on_lists_and_404_on_objects(client, alice, organization, year):
    mentor = approved_mentor(organization)
    award = award_of(organization, year, mentor)
    client.force_login(alice)
    for url in (reverse("reports:mentor_results"), reverse("reports:award_list")):
        assert client.get(url).status_code == 403, url
    for url in (
        reverse("reports:award_create", args=[mentor.pk]),
        reverse("reports:award_edit", args=[award.pk]),
        reverse("reports:award_delete", args=[award.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": AwardKind.CERTIFICATE, "reason": "x"}).status_code == 404, url
    assert client.post(reverse("reports:rewards_order_create"), {"year": year.pk}).status_code == 403
    award.refresh_from_db()
    assert award.kind == AwardKind.LETTER_OF_THANKS and not Order.objects.exists()


def test_other_organisation_gets_404(client, charlie, organization, year):
    mentor = approved_mentor(organization)
    award = award_of(organization, year, mentor)
    client.force_login(charlie)
    for url in (
        reverse("reports:award_create", args=[mentor.pk]),
        reverse("reports:award_edit", args=[award.pk]),
        reverse("reports:award_delete", args=[award.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": AwardKind.CERTIFICATE, "reason": "x"}).status_code == 404, url
    award.refresh_from_db()
    assert award.kind == AwardKind.LETTER_OF_THANKS
    # their own lists do not show ours
    response = client.get(reverse("reports:award_list"), {"year": year.pk})
    assert list(response.context["page"].object_list) == []
    response = client.get(reverse("reports:mentor_results"), {"year": year.pk})
    assert list(response.context["page"].object_list) == []
    # the button drafts nothing of ours
    client.post(reverse("reports:rewards_order_create"), {"year": year.pk})
    award.refresh_from_db()
    assert award.order is None
