"""The territory's approval of an organisation's yearly roadmap (seed 002 item 5:
«Согласование дорожных карт внедрения целевой модели наставничества,
разработанных образовательными организациями»).

Lifecycle (``RoadmapApproval``): draft («Не направлена») → submitted («На
согласовании», the organisation's curator) → approved («Согласована») or
returned («Возвращена на доработку», with the territory curator's comment);
a returned roadmap is submitted again after the revision.

What is approved is the year's plan: the stages, the activities, their
deadlines and the people responsible. Carrying the plan out — activities'
statuses and evidence — never touches the approval: that is what the plan is
for. The plan itself is not editable in the portal's pages (only the
administrator changes an activity's wording in the admin), so an approval
stays valid for the year; the next year's roadmap is a new one and is
submitted again.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import EDUCATIONAL_KINDS, Role
from mentoring.selectors import roles_of, territory_of
from mentoring.services import log_action

from ..enums import RoadmapApproval
from ..models import Roadmap

SUBMITTING_ROLES = {Role.CURATOR, Role.ADMIN}
SUBMITTABLE = (RoadmapApproval.DRAFT, RoadmapApproval.RETURNED)


class ApprovalError(ValueError):
    """A refused submission or review; the message is for the person."""


def can_submit(roadmap: Roadmap) -> bool:
    """True when the roadmap belongs to a school or college of a territory and
    is not submitted or approved yet (draft, or returned for revision)."""
    organization = roadmap.organization
    return (
        organization.territory_id is not None
        and organization.kind in EDUCATIONAL_KINDS
        and roadmap.approval in SUBMITTABLE
    )


def _locked(roadmap: Roadmap) -> Roadmap:
    return Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)


def _log(action: str, roadmap: Roadmap, actor, **data) -> None:
    log_action(
        "roadmap.roadmap." + action, actor=actor, organization=roadmap.organization, obj=roadmap,
        data={"academic_year": roadmap.academic_year.title, "approval": roadmap.approval, **data},
    )


def submit_roadmap(roadmap: Roadmap, *, actor) -> Roadmap:
    """The organisation's curator (or administrator) sends the year's roadmap
    to the territory: draft or returned → submitted, ``submitted_at``/``by``
    set, the previous comment kept until the review. Audited
    ``roadmap.roadmap.submitted``.

    Raises PermissionDenied for another role or organisation; ApprovalError
    when the organisation is not a school or college of a territory, or the
    roadmap is already submitted or approved. Returns the roadmap (refreshed).
    """
    if not roles_of(actor, roadmap.organization) & SUBMITTING_ROLES:
        raise PermissionDenied(_("Only the curator can submit the roadmap for approval."))
    with transaction.atomic():
        locked = _locked(roadmap)
        if locked.organization.territory_id is None or locked.organization.kind not in EDUCATIONAL_KINDS:
            raise ApprovalError(_("The organisation belongs to no territory: there is nobody to approve the roadmap."))
        if locked.approval not in SUBMITTABLE:
            raise ApprovalError(
                _("The roadmap is «%(status)s»: it cannot be submitted now.")
                % {"status": locked.get_approval_display()}
            )
        locked.approval, locked.submitted_at, locked.submitted_by = (
            RoadmapApproval.SUBMITTED, timezone.now(), actor,
        )
        locked.save(update_fields=["approval", "submitted_at", "submitted_by"])
        _log("submitted", locked, actor)
    roadmap.refresh_from_db()
    return roadmap


def _review(roadmap: Roadmap, *, actor, approval: str, comment: str) -> Roadmap:
    territory = territory_of(actor)
    if territory is None or roadmap.organization.territory_id != territory.pk:
        raise PermissionDenied(_("Only the curator of the organisation's territory reviews its roadmap."))
    with transaction.atomic():
        locked = _locked(roadmap)
        if locked.approval != RoadmapApproval.SUBMITTED:
            raise ApprovalError(
                _("The roadmap is «%(status)s»: only a submitted roadmap can be reviewed.")
                % {"status": locked.get_approval_display()}
            )
        locked.approval, locked.reviewed_at, locked.reviewed_by = approval, timezone.now(), actor
        locked.review_comment = comment
        locked.save(update_fields=["approval", "reviewed_at", "reviewed_by", "review_comment"])
        _log(approval, locked, actor, comment=comment)
    roadmap.refresh_from_db()
    return roadmap


def approve_roadmap(roadmap: Roadmap, *, actor, comment: str = "") -> Roadmap:
    """The territory curator of the roadmap's territory approves a submitted
    roadmap: submitted → approved, ``reviewed_at``/``by``, ``review_comment``
    = ``comment`` (optional). Audited ``roadmap.roadmap.approved``. Raises
    PermissionDenied (not the territory's curator) or ApprovalError (not
    submitted)."""
    return _review(roadmap, actor=actor, approval=RoadmapApproval.APPROVED,
                   comment=(comment or "").strip())


def return_roadmap(roadmap: Roadmap, *, actor, comment: str) -> Roadmap:
    """The territory curator returns a submitted roadmap for revision with
    ``comment`` (required: what to change): submitted → returned. Audited
    ``roadmap.roadmap.returned`` with the comment. Raises ApprovalError for an
    empty comment or a roadmap not submitted, PermissionDenied as
    :func:`approve_roadmap`."""
    comment = (comment or "").strip()
    if not comment:
        raise ApprovalError(_("Say what should be revised: the comment is required."))
    return _review(roadmap, actor=actor, approval=RoadmapApproval.RETURNED, comment=comment)
