"""The order appointing the territory curator (``OrderKind.TERRITORY_CURATOR``;
seed 002 items 1–3: «Назначение куратора внедрения и реализации целевой модели
наставничества на территории»).

Drafted in the territory's education authority by its territory curator,
curator or administrator, naming the appointee (``Order.appointee``: a user
with a membership in the authority); signed by the head (the authority's
director) through the ordinary order flow. The signature grants the appointee
``Role.COORDINATOR`` in the authority (``appoint_territory_curator``, called
from ``signing._apply_effects`` inside its transaction) — from then on the
appointee runs the territory level. The order's documents list the appointee.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, Role
from mentoring.models import Organization
from mentoring.services import grant_membership

from ...enums import OrderKind
from ...models import Order
from .common import OrderError, _log

POSITION = "муниципальный куратор"


def eligible_appointees(organization: Organization) -> QuerySet:
    """Users who may be appointed: the members of the education authority
    (any role), by surname and name."""
    return (
        get_user_model().objects.filter(memberships__organization=organization, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def check_kind(organization: Organization, kind: str) -> None:
    """Refuse a territory curator order outside an education authority."""
    if kind == OrderKind.TERRITORY_CURATOR and organization.kind != OrganizationKind.AUTHORITY:
        raise OrderError(_("Only the education authority appoints the territory curator."))


def check_appointee(organization: Organization, appointee) -> None:
    """Refuse an order without an appointee or naming somebody who is not a
    member of the authority (OrderError)."""
    if appointee is None:
        raise OrderError(_("Choose the person to appoint."))
    if not eligible_appointees(organization).filter(pk=appointee.pk).exists():
        raise OrderError(_("The appointee must be an employee of the education authority with an account in it."))


def check_ready(order: Order) -> None:
    """Before the submission and the signature: the order names its appointee."""
    if order.kind == OrderKind.TERRITORY_CURATOR:
        check_appointee(order.organization, order.appointee)


def person_name(user) -> str:
    return user.get_full_name() or user.username


def appointee_rows(order: Order) -> list[dict]:
    """The list the documents print: ``[{"id", "name", "category", "position"}]``
    (the appointee, or [] while none is chosen)."""
    user = order.appointee
    if user is None:
        return []
    return [{"id": user.pk, "name": person_name(user), "category": "", "position": POSITION}]


def appoint_territory_curator(order: Order, actor) -> None:
    """The signature's effect: the appointee gets ``Role.COORDINATOR`` in the
    authority (``grant_membership``; nothing changes when they hold it
    already). Audited ``reports.order.territory_curator_appointed``. Raises
    OrderError (the signature rolls back) when the appointee is gone or no
    longer a member of the authority."""
    check_appointee(order.organization, order.appointee)
    grant_membership(
        organization=order.organization, username=order.appointee.username,
        role=Role.COORDINATOR, actor=actor,
    )
    _log("territory_curator_appointed", order, actor, appointee=order.appointee_id)
