"""Wishes of the questionnaire after the group meeting and family ties: the
facts the matcher reads besides the bases (seed 000 5.2; seed 002 «Наставник»:
a parent mentors «не своего ребёнка»).

A wish (``MatchingPreference``) is one participant's attitude to another:
«would like to work with» raises the compatibility score, «not with» forbids
the pair whichever side said it. A family tie (``FamilyTie``) forbids a parent
to mentor their own child. Only the curator (or the organisation's admin)
records and deletes them; each change is audited.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.models import Organization
from mentoring.selectors import roles_of
from mentoring.services import log_action
from participants.models import FamilyTie, Mentee, Mentor, Participant

from ..enums import Attitude, PreferenceSource
from ..errors import PairError
from ..models import MatchingPreference

__all__ = ["add_family_tie", "add_wish", "delete_family_tie", "delete_wish"]


def _check_actor(actor, organization: Organization) -> None:
    """Curators and admins of ``organization``; ``actor=None`` is a system job."""
    if actor is None:
        return
    if not (roles_of(actor, organization) & {Role.CURATOR, Role.ADMIN}):
        raise PairError(_("Only the programme's curator may record wishes and family ties."))


def _check_same_organization(organization: Organization, *people: Participant) -> None:
    for person in people:
        if person.organization_id != organization.pk:
            raise PairError(
                _("%(name)s belongs to another organisation.") % {"name": person.full_name}
            )


def _profiles(participant: Participant) -> tuple[bool, bool]:
    """(has a mentor profile, has a mentee profile) in two small queries."""
    return (
        Mentor.objects.filter(participant=participant).exists(),
        Mentee.objects.filter(participant=participant).exists(),
    )


def _check_mentor_and_mentee(participant: Participant, other: Participant) -> None:
    who_mentor, who_mentee = _profiles(participant)
    other_mentor, other_mentee = _profiles(other)
    if not ((who_mentor and other_mentee) or (who_mentee and other_mentor)):
        raise PairError(
            _(
                "A wish links a mentor and a mentee: %(who)s and %(other)s are not a mentor "
                "and a mentee of each other's bases."
            )
            % {"who": participant.full_name, "other": other.full_name}
        )


def add_wish(
    *,
    organization: Organization,
    participant: Participant,
    other: Participant,
    attitude: str,
    actor,
    source: str = PreferenceSource.QUESTIONNAIRE,
    note: str = "",
) -> MatchingPreference:
    """Record that ``participant`` would like to work with ``other``
    (``Attitude.PREFER``) or not (``Attitude.AVOID``).

    ``source`` is the questionnaire after the group meeting (seed 000 5.2) or the
    curator's own decision, which records only «not with» pairs. Either side may
    give a wish: a mentee about a mentor or a mentor about a mentee, so one of the
    two must be in the mentor base and the other in the mentee base.

    Raises PairError (Russian message) when the actor is not a curator or admin of
    ``organization``; a participant belongs to another organisation; both are the
    same person; they are not a mentor and a mentee; the attitude or source is
    unknown; the curator's decision is not «not with»; a wish of ``participant``
    about ``other`` is already recorded (delete it first to change it).
    Audited as ``pairs.wish.added``.
    """
    _check_actor(actor, organization)
    if attitude not in Attitude.values:
        raise PairError(_("Choose the wish: «would like to work with» or «not with»."))
    if source not in PreferenceSource.values:
        raise PairError(_("Choose where the wish comes from."))
    if source == PreferenceSource.CURATOR and attitude != Attitude.AVOID:
        raise PairError(
            _("The curator's decision records only «not with» pairs; wishes come from the questionnaire.")
        )
    _check_same_organization(organization, participant, other)
    if participant.pk == other.pk:
        raise PairError(_("A wish is about another person, not about oneself."))
    _check_mentor_and_mentee(participant, other)
    existing = MatchingPreference.objects.filter(participant=participant, other=other).first()
    if existing is not None:
        raise _duplicate_wish(existing)
    try:
        with transaction.atomic():
            wish = MatchingPreference.objects.create(
                organization=organization,
                participant=participant,
                other=other,
                attitude=attitude,
                source=source,
                note=(note or "").strip()[:300],
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # a concurrent request recorded the same wish
        raise _duplicate_wish(
            MatchingPreference.objects.get(participant=participant, other=other)
        ) from None
    log_action(
        "pairs.wish.added",
        actor=actor,
        organization=organization,
        obj=wish,
        data={"participant": participant.pk, "other": other.pk, "attitude": attitude, "source": source},
    )
    return wish


def _duplicate_wish(existing: MatchingPreference) -> PairError:
    return PairError(
        _(
            "The wish of %(who)s about %(other)s is already recorded («%(attitude)s»); "
            "delete it first to change it."
        )
        % {
            "who": existing.participant.full_name,
            "other": existing.other.full_name,
            "attitude": existing.get_attitude_display(),
        }
    )


def delete_wish(wish: MatchingPreference, *, actor) -> None:
    """Delete a recorded wish. Raises PairError when the actor is not a curator or
    admin of the wish's organisation. Audited as ``pairs.wish.deleted``."""
    organization = wish.organization
    _check_actor(actor, organization)
    data = {
        "participant": wish.participant_id,
        "other": wish.other_id,
        "attitude": wish.attitude,
        "source": wish.source,
    }
    log_action("pairs.wish.deleted", actor=actor, organization=organization, obj=wish, data=data)
    wish.delete()


def add_family_tie(
    *, organization: Organization, parent: Participant, child: Participant, actor
) -> FamilyTie:
    """Record that ``parent`` is the parent or legal representative of ``child``:
    the matcher and pair formation then never make the parent the child's mentor
    (seed 002, «Наставник»: «родитель … (не своего ребёнка)»).

    Raises PairError (Russian message) when the actor is not a curator or admin of
    ``organization``; a person belongs to another organisation; parent and child
    are the same person; the tie is already recorded, in either direction.
    Audited as ``participants.family_tie.added``.
    """
    _check_actor(actor, organization)
    _check_same_organization(organization, parent, child)
    if parent.pk == child.pk:
        raise PairError(_("A person cannot be their own parent."))
    if FamilyTie.objects.filter(parent=parent, child=child).exists():
        raise _duplicate_tie(parent, child)
    if FamilyTie.objects.filter(parent=child, child=parent).exists():
        raise PairError(
            _("%(child)s is already recorded as the parent of %(parent)s.")
            % {"child": child.full_name, "parent": parent.full_name}
        )
    try:
        with transaction.atomic():
            tie = FamilyTie.objects.create(
                parent=parent,
                child=child,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # recorded meanwhile by a concurrent request
        raise _duplicate_tie(parent, child) from None
    log_action(
        "participants.family_tie.added",
        actor=actor,
        organization=organization,
        obj=tie,
        data={"parent": parent.pk, "child": child.pk},
    )
    return tie


def _duplicate_tie(parent: Participant, child: Participant) -> PairError:
    return PairError(
        _("%(parent)s is already recorded as the parent of %(child)s.")
        % {"parent": parent.full_name, "child": child.full_name}
    )


def delete_family_tie(tie: FamilyTie, *, actor) -> None:
    """Delete a family tie. Raises PairError when the actor is not a curator or
    admin of the parent's organisation. Audited as
    ``participants.family_tie.deleted``."""
    organization = tie.parent.organization
    _check_actor(actor, organization)
    log_action(
        "participants.family_tie.deleted",
        actor=actor,
        organization=organization,
        obj=tie,
        data={"parent": tie.parent_id, "child": tie.child_id},
    )
    tie.delete()
