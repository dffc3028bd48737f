"""The order pages (reports/views/orders.py): drafting with the eligible list,
the detail page with actions by role, submit / return / sign / issue / delete,
PDF and DOCX downloads, 404 outside reach, bounded queries."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from mentoring.selectors import audit_events
from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from pairs.models import Pair
from reports.enums import OrderKind, OrderStatus
from reports.models import Order
from reports.services.orders import draft_order, sign_order, submit_order


def _pair(organization, surname, status=PairStatus.PROPOSED):
    return PairFactory(
        organization=organization, status=status,
        mentor=MentorFactory(participant=ParticipantFactory(organization=organization, surname=surname)),
        mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization, surname=surname + "ов"))],
    )


def _login(client, user):
    client.force_login(user)
    return client


def _text(content: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def submitted(organization, curator):
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator,
                        pairs=[_pair(organization, "Петрова")])
    return submit_order(order, actor=curator)


def test_curator_drafts_a_pairs_order_from_the_eligible_pairs(client, organization, curator, other_organization):
    mine = _pair(organization, "Сидорова")
    _pair(organization, "Черновая", status=PairStatus.DRAFT)
    _pair(other_organization, "Чужая")
    _login(client, curator)
    url = reverse("reports:order_create", args=[OrderKind.PAIRS_APPROVAL])

    page = client.get(url).content.decode()
    assert "Сидорова" in page and "Черновая" not in page and "Чужая" not in page
    assert "Об утверждении наставнических пар (групп)" in page

    response = client.post(url, {"title": "Об утверждении пар", "preamble": "Основание",
                                 "points": "Утвердить пары.\n\nКонтроль оставляю за собой.", "items": [mine.pk]})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:order_detail", args=[order.pk])
    assert (order.title, order.points, order.status) == (
        "Об утверждении пар", ["Утвердить пары.", "Контроль оставляю за собой."], OrderStatus.DRAFT)
    assert list(order.pairs.all()) == [mine]


def test_create_page_empty_state_and_unknown_kind(client, organization, curator):
    _login(client, curator)
    response = client.get(reverse("reports:order_create", args=[OrderKind.MENTOR_BASE]))
    assert response.status_code == 200 and 'type="checkbox"' not in response.content.decode()
    assert client.get(reverse("reports:order_create", args=["nonsense"])).status_code == 404


def test_director_cannot_draft(client, organization, director):
    response = _login(client, director).get(reverse("reports:order_create", args=[OrderKind.REWARDS]))
    assert response.status_code == 403


def test_detail_shows_actions_by_role(client, organization, curator, director, submitted):
    url = reverse("reports:order_detail", args=[submitted.pk])
    page = _login(client, director).get(url).content.decode()
    assert reverse("reports:order_sign", args=[submitted.pk]) in page
    assert reverse("reports:order_return", args=[submitted.pk]) in page
    assert "Петрова" in page
    page = _login(client, curator).get(url).content.decode()
    assert reverse("reports:order_sign", args=[submitted.pk]) not in page
    assert reverse("reports:order_edit", args=[submitted.pk]) not in page


def test_sign_confirmation_then_signature(client, organization, director, submitted,
                                         django_capture_on_commit_callbacks):
    _login(client, director)
    url = reverse("reports:order_sign", args=[submitted.pk])
    assert client.get(url).status_code == 200
    assert Order.objects.get(pk=submitted.pk).status == OrderStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):  # the worker renders the documents
        client.post(url)
    order = Order.objects.get(pk=submitted.pk)
    assert (order.status, order.number) == (OrderStatus.SIGNED, 1)
    assert Pair.objects.get().status == PairStatus.APPROVED

    response = client.get(reverse("reports:order_download", args=[order.pk]))
    text = _text(_body(response))
    assert "ПРИКАЗ" in text and "№ 1" in text and "Петрова" in text and "ПРОЕКТ" not in text
    docx = client.get(reverse("reports:order_docx", args=[order.pk]))
    assert docx["Content-Disposition"].startswith("attachment")
    paragraphs = " ".join(p.text for p in Document(io.BytesIO(_body(docx))).paragraphs)
    assert "ПРИКАЗ" in paragraphs and "Об утверждении наставнических пар (групп)" in paragraphs
    formats = sorted(audit_events("reports.order.downloaded").values_list("additional_data__format", flat=True))
    assert formats == ["docx", "pdf"]


def test_curator_cannot_sign(client, organization, curator, submitted):
    assert _login(client, curator).post(reverse("reports:order_sign", args=[submitted.pk])).status_code == 403
    assert Order.objects.get(pk=submitted.pk).status == OrderStatus.SUBMITTED


def test_signed_order_refuses_edits_in_views(client, organization, curator, director, submitted):
    sign_order(submitted, actor=director)
    _login(client, curator)
    edit = reverse("reports:order_edit", args=[submitted.pk])
    response = client.post(edit, {"title": "Подмена", "preamble": "", "points": "Новый пункт", "items": []})
    assert response.status_code == 302
    order = Order.objects.get(pk=submitted.pk)
    assert order.title == "Об утверждении наставнических пар (групп)" and order.pairs.count() == 1
    client.post(reverse("reports:order_delete", args=[order.pk]))
    assert Order.objects.filter(pk=order.pk).exists()


def test_return_submit_issue_and_delete(client, organization, curator, director, submitted):
    _login(client, director)
    client.post(reverse("reports:order_return", args=[submitted.pk]), {"comment": "Уточнить преамбулу"})
    order = Order.objects.get(pk=submitted.pk)
    assert (order.status, order.return_comment) == (OrderStatus.DRAFT, "Уточнить преамбулу")
    _login(client, curator)
    assert "Уточнить преамбулу" in client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
    preview = client.get(reverse("reports:order_download", args=[order.pk]))
    assert "ПРОЕКТ" in _text(preview.content)
    client.post(reverse("reports:order_submit", args=[order.pk]))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED
    sign_order(order, actor=director)
    client.post(reverse("reports:order_issue", args=[order.pk]))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.ISSUED

    draft = draft_order(organization=organization, kind=OrderKind.INTRODUCTION, actor=curator)
    assert client.get(reverse("reports:order_delete", args=[draft.pk])).status_code == 200
    assert Order.objects.filter(pk=draft.pk).exists()
    client.post(reverse("reports:order_delete", args=[draft.pk]))
    assert not Order.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
@pytest.mark.parametrize("name", ["order_detail", "order_edit", "order_sign", "order_return", "order_delete",
                                  "order_docx", "order_download"])
def test_order_pages_are_404_outside_reach(client, organization, submitted, persona, name, request):
    _login(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:order_" + name.split("_", 1)[1], args=[submitted.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_order_create_is_404_outside_staff(client, organization, persona, request):
    _login(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:order_create", args=[OrderKind.REWARDS])).status_code == 404


@pytest.mark.parametrize("pairs", [2, 30])
def test_detail_and_edit_pages_have_bounded_queries(client, organization, curator, director, pairs,
                                                   django_assert_max_num_queries):
    chosen = [_pair(organization, "Наставникова%d" % i) for i in range(pairs)]
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator, pairs=chosen)
    _login(client, curator)
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:order_detail", args=[order.pk]))
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:order_edit", args=[order.pk]))
    submit_order(order, actor=curator)
    sign_order(order, actor=director)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:order_detail", args=[order.pk]))
    assert len(response.context["pairs_page"].object_list) == min(pairs, 25)
