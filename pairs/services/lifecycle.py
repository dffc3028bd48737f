"""The one place a pair's status changes (DESIGN.md "Pair lifecycle"), and
ending a pair: completed or terminated (seed 004 §7)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.selectors import roles_of
from mentoring.services import log_action
from participants.enums import MenteeStatus

from ..enums import ALLOWED_TRANSITIONS, OPEN_STATUSES, EndInitiative, PairStatus
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


# --- Ending a pair (seed 004 §7) ---------------------------------------------------

# Outcomes of ending a pair and the statuses each may start from (seed 004 §7.1):
# «реализована в полном объёме» only for a pair that worked (active); an early
# end, by someone's initiative, also for an approved pair that never met.
END_OUTCOMES: dict[str, tuple[str, ...]] = {
    PairStatus.COMPLETED: (PairStatus.ACTIVE,),
    PairStatus.TERMINATED: (PairStatus.APPROVED, PairStatus.ACTIVE),
}
# Who may end a pair of their organisation: the curator runs the pairs' work, the
# director fixes pairs by order (seed 000 5.6) and may as well release them.
END_ROLES = frozenset({Role.CURATOR, Role.DIRECTOR})


def end_outcomes_for(pair: Pair) -> list[str]:
    """The outcomes (PairStatus values, COMPLETED first) ``pair`` may end with now;
    empty for a draft, proposed or already ended pair."""
    return [outcome for outcome, starts in END_OUTCOMES.items() if pair.status in starts]


def may_end_pair(user, pair: Pair) -> bool:
    """True for a curator or the director of the pair's organisation (whatever the
    pair's status; see :func:`end_outcomes_for` for that)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(roles_of(user, pair.organization) & END_ROLES)


def end_pair(
    pair: Pair,
    *,
    outcome: str,
    actor,
    initiative: str = "",
    reason: str = "",
    ended_on: datetime.date | None = None,
) -> Pair:
    """End ``pair`` (seed 004 §7.1) and return it, updated.

    ``outcome``: ``PairStatus.COMPLETED`` — the personalised programme is carried
    out in full (only an active pair; ``reason`` is an optional summary,
    ``initiative`` must be empty) — or ``PairStatus.TERMINATED`` — ended early
    (an approved or active pair) on the ``initiative`` (an ``EndInitiative``
    value: mentor, mentee or curator) with a ``reason`` (required).
    ``ended_on`` defaults to today; it may be neither in the future, nor before
    the approval date, nor before the pair's last meeting.

    Sets ``ended_on``, ``end_initiative``, ``end_reason`` and moves the status
    through :func:`set_pair_status` (history row, audit ``pairs.pair.<outcome>``);
    the mentees become «completed» or go back into the search, and the mentor's
    places are free again (open pairs alone hold capacity). The pair row is
    locked, so two requests end it once. Raises PairError (nothing written) when
    the actor is not a curator or director of the organisation, or on any
    rule above.
    """
    reason = (reason or "").strip()
    if outcome not in END_OUTCOMES:
        raise PairError(_("Unknown outcome: a pair is either completed or terminated."))
    if not may_end_pair(actor, pair):
        raise PairError(_("Only a curator or the director of the organisation may end a pair."))
    if outcome == PairStatus.TERMINATED:
        if initiative not in EndInitiative.values:
            raise PairError(_("Say on whose initiative the pair is terminated."))
        if not reason:
            raise PairError(_("Give the reason for terminating the pair."))
    elif initiative:
        raise PairError(_("A completed programme has no initiative of ending."))
    with transaction.atomic():
        # lock the pair's row only, not the joined organisation's
        current = (
            Pair.objects.select_for_update(of=("self",)).select_related("organization").get(pk=pair.pk)
        )
        _check_can_end(current, outcome)
        ended_on = _check_end_date(current, ended_on)
        current.ended_on = ended_on
        current.end_initiative = initiative if outcome == PairStatus.TERMINATED else ""
        current.end_reason = reason
        set_pair_status(
            current, outcome, actor=actor, comment=_end_comment(outcome, initiative, reason),
            extra_fields=("ended_on", "end_initiative", "end_reason"),
        )
    for field in ("status", "ended_on", "end_initiative", "end_reason"):
        setattr(pair, field, getattr(current, field))
    return pair


def _check_can_end(pair: Pair, outcome: str) -> None:
    if pair.status in END_OUTCOMES[outcome]:
        return
    if pair.status in (PairStatus.COMPLETED, PairStatus.TERMINATED):
        raise PairError(_("The pair has already ended."))
    if outcome == PairStatus.COMPLETED and pair.status == PairStatus.APPROVED:
        raise PairError(
            _("A pair that has not met yet cannot complete its programme; terminate it instead.")
        )
    raise PairError(
        _("Only approved or active pairs are ended; this one is «%(status)s».")
        % {"status": pair.get_status_display()}
    )


def _check_end_date(pair: Pair, ended_on: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today:
        raise PairError(_("The end date cannot be in the future."))
    if pair.approved_at is not None and ended_on < timezone.localdate(pair.approved_at):
        raise PairError(
            _("The end date is before the pair was approved (%(date)s).")
            % {"date": timezone.localdate(pair.approved_at).strftime("%d.%m.%Y")}
        )
    last = pair.meetings.aggregate(last=Max("held_on"))["last"]
    if last is not None and ended_on < last:
        raise PairError(
            _("The end date is before the pair's last meeting (%(date)s).")
            % {"date": last.strftime("%d.%m.%Y")}
        )
    return ended_on


def _end_comment(outcome: str, initiative: str, reason: str) -> str:
    if outcome == PairStatus.COMPLETED:
        head = _("The personalised mentoring programme is carried out in full.")
    else:
        head = _("Terminated on the initiative of: %(who)s.") % {
            "who": EndInitiative(initiative).label
        }
    return f"{head}\n{reason}" if reason else head
