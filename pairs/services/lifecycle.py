"""The one place a pair's status changes (DESIGN.md "Pair lifecycle")."""

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.services import log_action
from participants.enums import MenteeStatus

from ..enums import ALLOWED_TRANSITIONS, OPEN_STATUSES, PairStatus
from ..errors import PairError
from ..models import Pair, PairStatusChange


def set_pair_status(
    pair: Pair,
    status: str,
    *,
    actor,
    comment: str = "",
    extra_fields: tuple[str, ...] = (),
) -> Pair:
    """Move ``pair`` to ``status``, recording the change and an audit entry.

    Returns the pair unchanged when it already has ``status``. ``extra_fields``
    names fields the caller set on ``pair`` that must be saved with the move.
    Raises PairError on a move that ALLOWED_TRANSITIONS does not list. Callers
    check who may make the move; this function only keeps the lifecycle legal.
    """
    old = pair.status
    if old == status:
        return pair
    if status not in ALLOWED_TRANSITIONS[old]:
        raise PairError(
            _("A pair cannot move from «%(old)s» to «%(new)s».")
            % {"old": PairStatus(old).label, "new": PairStatus(status).label}
        )
    with transaction.atomic():
        pair.status = status
        pair.save(update_fields=["status", *extra_fields])
        PairStatusChange.objects.create(
            pair=pair, from_status=old, to_status=status, actor=actor, comment=comment
        )
        log_action(
            f"pairs.pair.{status}",
            actor=actor,
            organization=pair.organization,
            obj=pair,
            data={"from": old, "to": status, "comment": comment},
        )
        sync_mentee_statuses(pair)
    return pair


def sync_mentee_statuses(pair: Pair) -> None:
    """Mentees of an open pair are «paired»; when a pair ends early its mentees go
    back into the search («in the base»), after completion they are «completed»
    (seed 000 5.5: mentees left without a pair get a further search)."""
    mentee_ids = list(pair.mentees.values_list("pk", flat=True))
    if pair.status in OPEN_STATUSES:
        new_status = MenteeStatus.PAIRED
    elif pair.status == PairStatus.COMPLETED:
        new_status = MenteeStatus.COMPLETED
    else:
        new_status = MenteeStatus.IN_BASE
    from participants.models import Mentee

    Mentee.objects.filter(pk__in=mentee_ids).update(status=new_status)
