"""The order's page (issue 13): its history and its «Журнал изменений» come from
the one audit trail; the field changes are shown to the curator and director."""

import pytest
from django.urls import reverse

from reports.enums import OrderKind
from reports.services.orders import draft_order, update_draft

pytestmark = pytest.mark.django_db


def test_order_page_shows_history_and_trail_from_the_audit_trail(client, organization, curator, director):
    order = draft_order(organization=organization, kind=OrderKind.INTRODUCTION, actor=curator,
                        title="О внедрении")
    update_draft(order, actor=curator, title="О внедрении целевой модели", preamble=order.preamble,
                 points=order.points)

    client.force_login(director)
    response = client.get(reverse("reports:order_detail", args=[order.pk]))

    assert [e.event for e in response.context["history"]] == ["reports.order.drafted", "reports.order.updated"]
    changes = [(c.field, c.old, c.new) for row in response.context["trail"].object_list for c in row.changes]
    assert ("название", "О внедрении", "О внедрении целевой модели") in changes
    page = response.content.decode()
    assert "Журнал изменений" in page and "О внедрении целевой модели" in page


def test_working_group_sees_the_history_but_not_the_trail(client, organization, curator):
    from mentoring.enums import Role
    from mentoring.tests.factories import MembershipFactory, UserFactory

    order = draft_order(organization=organization, kind=OrderKind.INTRODUCTION, actor=curator)
    helper = UserFactory(username="helper")
    MembershipFactory(user=helper, organization=organization, role=Role.WORKING_GROUP)
    client.force_login(helper)
    response = client.get(reverse("reports:order_detail", args=[order.pk]))

    assert len(response.context["history"]) == 1 and "trail" not in response.context
