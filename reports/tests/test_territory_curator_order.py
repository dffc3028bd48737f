"""The order appointing the territory curator (seed 002 items 1–3): drafted in
the education authority, signed by its head; the signature grants the
appointee the coordinator role there."""

import pytest
from django.test import TestCase
from django.urls import reverse

from mentoring.enums import Role
from mentoring.models import Membership
from mentoring.selectors import territory_of
from mentoring.tests.factories import MembershipFactory, UserFactory
from reports.enums import OrderKind, OrderStatus
from reports.services.orders import OrderError, draft_order, sign_order, submit_order


@pytest.fixture
def specialist(territory_world):
    """An employee of the authority (working group) to be appointed."""
    user = UserFactory(username="shirshova", first_name="Наталья", last_name="Ширшова")
    MembershipFactory(user=user, organization=territory_world.authority, role=Role.WORKING_GROUP)
    return user


def _sign(order, head):
    with TestCase.captureOnCommitCallbacks(execute=True):
        signed = sign_order(order, actor=head)
    signed.refresh_from_db()
    return signed


def test_signing_the_order_appoints_the_territory_curator(territory_world, specialist):
    assert territory_of(specialist) is None
    order = draft_order(organization=territory_world.authority, kind=OrderKind.TERRITORY_CURATOR,
                        actor=territory_world.coordinator, appointee=specialist)
    assert order.appointee == specialist and "муниципального куратора" in order.title
    submit_order(order, actor=territory_world.coordinator)

    order = _sign(order, territory_world.head)

    assert order.status == OrderStatus.SIGNED and order.number == 1
    assert Membership.objects.filter(user=specialist, organization=territory_world.authority,
                                     role=Role.COORDINATOR).exists()
    specialist = type(specialist).objects.get(pk=specialist.pk)  # no cached roles
    assert territory_of(specialist) == territory_world.territory
    assert order.content["people"] == [{"id": specialist.pk, "name": "Наталья Ширшова",
                                        "category": "", "position": "муниципальный куратор"}]
    assert order.content["list_title"].startswith("Муниципальный куратор")


def test_the_order_is_refused_outside_an_authority_and_without_an_appointee(territory_world, specialist):
    with pytest.raises(OrderError, match="орган управления образованием"):
        draft_order(organization=territory_world.school, kind=OrderKind.TERRITORY_CURATOR,
                    actor=territory_world.school_curator, appointee=territory_world.school_curator)
    with pytest.raises(OrderError, match="Выберите"):
        draft_order(organization=territory_world.authority, kind=OrderKind.TERRITORY_CURATOR,
                    actor=territory_world.coordinator)
    # somebody of another organisation cannot be appointed
    with pytest.raises(OrderError):
        draft_order(organization=territory_world.authority, kind=OrderKind.TERRITORY_CURATOR,
                    actor=territory_world.coordinator, appointee=territory_world.school_curator)


def test_only_the_head_signs_and_a_departed_appointee_stops_the_signature(territory_world, specialist):
    order = draft_order(organization=territory_world.authority, kind=OrderKind.TERRITORY_CURATOR,
                        actor=territory_world.coordinator, appointee=specialist)
    submit_order(order, actor=territory_world.coordinator)
    with pytest.raises(OrderError):
        sign_order(order, actor=territory_world.coordinator)
    Membership.objects.filter(user=specialist).delete()

    with pytest.raises(OrderError):
        _sign(order, territory_world.head)

    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.number is None
    assert not Membership.objects.filter(user=specialist, role=Role.COORDINATOR).exists()


def test_coordinator_drafts_through_the_order_pages_and_the_head_signs(client, territory_world, specialist):
    client.force_login(territory_world.coordinator)
    register = client.get(reverse("reports:order_list")).content.decode()
    create_url = reverse("reports:order_create", args=[OrderKind.TERRITORY_CURATOR])
    assert create_url in register
    form = client.get(create_url)
    assert form.status_code == 200 and "Назначаемый муниципальный куратор" in form.content.decode()
    initial = form.context["form"].initial

    response = client.post(create_url, {"title": initial["title"], "preamble": initial["preamble"],
                                        "points": initial["points"], "appointee": specialist.pk})

    order = territory_world.authority.orders.get()
    assert response["Location"] == reverse("reports:order_detail", args=[order.pk])
    assert order.appointee == specialist
    assert "Наталья Ширшова" in client.get(response["Location"]).content.decode()
    client.post(reverse("reports:order_submit", args=[order.pk]))
    client.force_login(territory_world.head)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("reports:order_sign", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED
    assert Membership.objects.filter(user=specialist, role=Role.COORDINATOR).exists()


def test_a_school_neither_offers_nor_opens_the_territory_curator_order(client, territory_world):
    client.force_login(territory_world.school_curator)
    create_url = reverse("reports:order_create", args=[OrderKind.TERRITORY_CURATOR])

    assert create_url not in client.get(reverse("reports:order_list")).content.decode()
    assert client.get(create_url).status_code == 404


def test_the_authority_s_order_is_signed_by_its_head_not_by_a_director(territory_world, specialist):
    """The signature requisite names the head's position: «Начальник управления
    образования» for «Управление образования…», «Директор» for a school."""
    from pypdf import PdfReader

    order = draft_order(organization=territory_world.authority, kind=OrderKind.TERRITORY_CURATOR,
                        actor=territory_world.coordinator, appointee=specialist)
    submit_order(order, actor=territory_world.coordinator)
    order = _sign(order, territory_world.head)
    assert order.content["signatory"] == "Начальник управления образования"
    text = " ".join(page.extract_text() for page in PdfReader(order.file.open("rb")).pages)
    assert "Начальник управления образования" in text and "Директор" not in text
