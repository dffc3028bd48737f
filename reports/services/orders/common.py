"""What every part of the order services shares: the roles, the errors, the
consent guard, the numbering lock, the status checks and the audit entry."""

from django.db import connection
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.models import AcademicYear, Organization
from mentoring.selectors import roles_of
from mentoring.services import log_action
from pairs.errors import PairError

from ...enums import OrderKind, OrderStatus
from ...models import Order


# the territory curator drafts and issues the education authority's orders (issue 14;
# the role exists only there), its head signs them
DRAFTING_ROLES = {Role.CURATOR, Role.ADMIN, Role.COORDINATOR}
SIGNING_ROLES = {Role.DIRECTOR}
ISSUING_ROLES = {Role.CURATOR, Role.DIRECTOR, Role.ADMIN, Role.COORDINATOR}
OPEN_ORDER_STATUSES = (OrderStatus.DRAFT, OrderStatus.SUBMITTED)
# The kinds whose list is chosen by the curator (the others list what the data say).
CHOSEN_LISTS = {
    OrderKind.PAIRS_APPROVAL: "pairs",
    OrderKind.MENTOR_BASE: "mentors",
    OrderKind.REWARDS: "awards",
}


class OrderError(PairError):
    """An order operation that is not allowed; the message is shown to users
    as it is. A PairError, so that the director's approval page (which shows
    PairError messages) rolls back with the reason."""


class OrderRefused(OrderError):
    """An order that may not be drawn up or rendered (a person it names has no
    consent to the processing of personal data)."""


# --- consents ---------------------------------------------------------------------


def _refuse_without_consent(people) -> None:
    people = list(people)
    if not people:
        return
    names = ", ".join(p.full_name for p in people[:10])
    if len(people) > 10:
        names += " " + _("and %(count)d more") % {"count": len(people) - 10}
    raise OrderRefused(
        _(
            "The order cannot be drawn up: there is no consent to the processing of personal "
            "data on record for %(names)s."
        )
        % {"names": names}
    )


def check_consents_for_document(pair_ids) -> None:
    """Refuse a document that would name a person whose personal data may not
    be processed (152-ФЗ; issue 3: «minors without a representative's consent
    cannot be put into a pair or a document»): every mentor and mentee of the
    pairs ``pair_ids`` must have consent GIVEN.

    Raises OrderRefused naming the people (at most 10, then «and N more»).
    One query.
    """
    from participants.enums import ConsentStatus
    from participants.models import Participant

    pair_ids = list(pair_ids)
    _refuse_without_consent(
        Participant.objects.filter(
            Q(mentor_profile__pairs__in=pair_ids) | Q(mentee_profile__pairs__in=pair_ids)
        )
        .exclude(consent_status=ConsentStatus.GIVEN)
        .distinct()
        .order_by("surname", "name", "pk")
    )


def check_consents_for_mentors(mentor_ids) -> None:
    """Like :func:`check_consents_for_document` for mentors (the mentor base and
    the rewards orders). One query; raises OrderRefused."""
    from participants.enums import ConsentStatus
    from participants.models import Participant

    _refuse_without_consent(
        Participant.objects.filter(mentor_profile__in=list(mentor_ids))
        .exclude(consent_status=ConsentStatus.GIVEN)
        .order_by("surname", "name", "pk")
    )


# --- numbering --------------------------------------------------------------------


def next_order_number(organization: Organization, academic_year: AcademicYear) -> int:
    """The next order number of ``organization`` in ``academic_year`` (1, 2, …).

    Call inside a transaction that holds the organisation row locked
    (:func:`lock_organization`), or two callers may get the same number; the
    ``unique_order_number`` constraint then refuses the second.
    """
    last = Order.objects.filter(organization=organization, academic_year=academic_year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _for_update(qs):
    """``qs`` locking only its own rows (``of=("self",)`` where supported)."""
    if connection.features.has_select_for_update_of:
        return qs.select_for_update(of=("self",))
    return qs.select_for_update()


def lock_organization(organization: Organization) -> None:
    """Lock the organisation's row until the end of the transaction (the
    numbering of its orders is serialised on it). A no-op on SQLite, which
    serialises writers anyway."""
    _for_update(Organization.objects.only("pk")).get(pk=organization.pk)

# --- checks -----------------------------------------------------------------------------


def _check_role(actor, organization, roles, message: str) -> None:
    if not roles_of(actor, organization) & set(roles):
        raise OrderError(message)


def _check_status(order: Order, *statuses) -> None:
    if order.status in statuses:
        return
    if order.is_frozen:
        raise OrderError(
            _("Order No. %(number)s is signed: it can no longer be changed.") % {"number": order.number}
        )
    raise OrderError(
        _("The order is «%(status)s»: this action is not possible now.")
        % {"status": order.get_status_display()}
    )



def _log(action: str, order: Order, actor, **data) -> None:
    log_action(
        "reports.order." + action, actor=actor, organization=order.organization, obj=order,
        data={"kind": order.kind, "status": order.status, "number": order.number, **data},
    )
