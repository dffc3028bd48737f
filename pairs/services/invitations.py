"""Invitations of mentors of the territory's base («связаться через портал»,
seed 002 items 6, 11): a curator of one organisation invites a listed mentor of
another for one of their own mentees; the mentor (or their curator, or — for a
specialist registered by the territory without an account — the territory
curator) accepts or declines; the inviting curator may withdraw it while it
waits. Accepting forms a cross-organisation pair through
``formation.create_partner_pair``: ``Pair.organization`` is the inviting
organisation, status proposed, so its director approves it as usual.

States: SENT → ACCEPTED | DECLINED | WITHDRAWN (InvitationStatus); every move
locks the invitation, so a double click or two answerers change it once.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.jobs import enqueue_on_commit
from mentoring.selectors import roles_of, territory_of
from mentoring.services import log_action
from participants.enums import ListingStatus
from participants.models import MentorListing
from participants.services.territory_base import SPECIALIST_KINDS

from ..enums import OPEN_STATUSES, InvitationStatus
from ..errors import PairError
from ..models import MentorInvitation
from ..selectors import free_places
from .formation import create_partner_pair

MESSAGE_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 1000
INVITING_ROLES = {Role.CURATOR, Role.ADMIN}
ANSWERING_ROLES = {Role.CURATOR, Role.ADMIN}


class InvitationError(PairError):
    """A refused invitation action; the message is Russian, shown as it is."""


def _text(value, limit: int, message: str) -> str:
    text = "\n".join(" ".join(line.split()) for line in (value or "").strip().splitlines())
    if len(text) > limit:
        raise InvitationError(message % {"max": limit})
    return text


# --- who may do what ---------------------------------------------------------------


def may_answer(user, invitation: MentorInvitation) -> bool:
    """The mentor with their account, a curator (admin) of the mentor's
    organisation, or — for a specialist of an enterprise or a university
    without an account (registered by the territory) — the territory curator."""
    if not getattr(user, "is_authenticated", False):
        return False
    participant = invitation.mentor.participant
    if participant.user_id is not None and participant.user_id == user.pk:
        return True
    if roles_of(user, participant.organization) & ANSWERING_ROLES:
        return True
    territory = territory_of(user)
    return (
        participant.user_id is None and territory is not None
        and participant.organization.territory_id == territory.pk
        and participant.organization.kind in SPECIALIST_KINDS
    )


def may_withdraw(user, invitation: MentorInvitation) -> bool:
    """A curator (admin) of the inviting organisation."""
    return bool(roles_of(user, invitation.organization) & INVITING_ROLES)


# --- sending -----------------------------------------------------------------------


def _check_invitation(listing: MentorListing, mentee, form, kind, organization) -> None:
    mentor = listing.mentor
    if listing.status != ListingStatus.LISTED:
        raise InvitationError(_("The mentor is no longer in the territory's mentor base."))
    if organization.territory_id is None or listing.territory_id != organization.territory_id:
        raise InvitationError(_("The mentor is listed in another territory's base."))
    if mentor.participant.organization_id == organization.pk:
        raise InvitationError(_("The mentor is of your own organisation: form the pair as usual."))
    if mentee.participant.organization_id != organization.pk:
        raise InvitationError(_("Choose a mentee of your own organisation."))
    listed_forms = list(listing.forms.all())
    if listed_forms and form.pk not in {f.pk for f in listed_forms}:
        raise InvitationError(_("The mentor does not offer the form «%(form)s».") % {"form": form.name})
    if not form.allows(mentor_category=mentor.participant.category,
                       mentee_category=mentee.participant.category):
        raise InvitationError(_("The form «%(form)s» does not admit this mentor and mentee.")
                              % {"form": form.name})
    if not mentee.participant.may_be_paired:
        raise InvitationError(_("There is no consent on record for %(name)s.")
                              % {"name": mentee.participant.full_name})
    if mentee.pairs.filter(status__in=OPEN_STATUSES).exists():
        raise InvitationError(_("%(name)s is already in an open pair or group.")
                              % {"name": mentee.participant.full_name})
    if free_places(mentor) < 1:
        raise InvitationError(_("The mentor has no free places."))
    if MentorInvitation.objects.filter(mentor=mentor, mentee=mentee,
                                       status=InvitationStatus.SENT).exists():
        raise InvitationError(_("This mentor has already been invited for this mentee and has "
                                "not answered yet."))


def send_invitation(*, listing: MentorListing, mentee, form, kind, message: str = "",
                    actor) -> MentorInvitation:
    """Invite the mentor of ``listing`` to mentor ``mentee`` (of the actor's
    organisation) in ``form`` and ``kind``, with ``message`` (up to 2000
    characters). The mentor is e-mailed after commit if their account has an
    address (``pairs.notify_invitation``); no address is ever shown.

    Raises InvitationError (nothing written) when the actor is not a curator
    of the mentee's organisation; the mentor left the base, is of another
    territory or of the same organisation; the form is not offered by the
    mentor or does not admit both; the mentee has no consent or an open pair;
    the mentor has no free place (every organisation's pairs count); the same
    invitation waits already. Audited as ``pairs.invitation.sent``.
    """
    organization = mentee.participant.organization
    if not roles_of(actor, organization) & INVITING_ROLES:
        raise InvitationError(_("Only the curator of the mentee's organisation may invite a mentor."))
    message = _text(message, MESSAGE_MAX_LENGTH, _("Keep the message within %(max)d characters."))
    _check_invitation(listing, mentee, form, kind, organization)
    from ..tasks import task_notify_invitation

    with transaction.atomic():
        invitation = MentorInvitation.objects.create(
            organization=organization, mentor=listing.mentor, mentee=mentee, form=form, kind=kind,
            message=message, invited_by=actor,
        )
        log_action("pairs.invitation.sent", actor=actor, organization=organization, obj=invitation,
                   data={"mentor": listing.mentor_id, "mentee": mentee.pk, "form": form.code})
        enqueue_on_commit(task_notify_invitation, invitation_id=invitation.pk)
    return invitation


# --- answering ---------------------------------------------------------------------


def _locked(invitation: MentorInvitation) -> MentorInvitation:
    locked = MentorInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.SENT:
        raise InvitationError(_("The invitation has already been answered or withdrawn (%(status)s).")
                              % {"status": locked.get_status_display()})
    return MentorInvitation.objects.select_related(
        "organization", "mentor__participant__organization", "mentee__participant", "form", "kind",
        "invited_by",
    ).get(pk=locked.pk)


def _copy_back(given: MentorInvitation, fresh: MentorInvitation) -> MentorInvitation:
    """Give the caller's object the new state (it would keep a stale status)."""
    for name in ("status", "answered_by_id", "answered_at", "answer_comment", "pair_id"):
        setattr(given, name, getattr(fresh, name))
    return fresh


def _close(invitation, status: str, *, actor, comment: str, pair=None) -> None:
    invitation.status = status
    invitation.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    invitation.answered_at = timezone.now()
    invitation.answer_comment = comment
    invitation.pair = pair
    invitation.save(update_fields=["status", "answered_by", "answered_at", "answer_comment", "pair"])
    log_action(f"pairs.invitation.{status}", actor=actor, organization=invitation.organization,
               obj=invitation, data={"mentor": invitation.mentor_id, "pair": pair.pk if pair else None})


def accept_invitation(invitation: MentorInvitation, *, actor, comment: str = "") -> MentorInvitation:
    """Accept: in one transaction the pair is formed
    (``formation.create_partner_pair``: the inviting organisation's pair,
    proposed to its director) and the invitation becomes ACCEPTED with it.
    Raises InvitationError / PairError (nothing written) when the actor may not
    answer (:func:`may_answer`), it is no longer waiting, the mentor left the
    base, has no free place across organisations, or the mentee is already in
    an open pair."""
    comment = _text(comment, COMMENT_MAX_LENGTH, _("Keep the comment within %(max)d characters."))
    given = invitation
    with transaction.atomic():
        invitation = _locked(invitation)
        if not may_answer(actor, invitation):
            raise InvitationError(_("Only the mentor or the curator of the mentor's organisation "
                                    "may answer the invitation."))
        listing = MentorListing.objects.filter(mentor=invitation.mentor).first()
        if listing is None or listing.status != ListingStatus.LISTED:
            raise InvitationError(_("The mentor is no longer in the territory's mentor base."))
        pair = create_partner_pair(
            organization=invitation.organization, form=invitation.form, kind=invitation.kind,
            mentor=invitation.mentor, mentee=invitation.mentee, actor=actor,
            created_by=invitation.invited_by,
            comment=_("Invitation #%(pk)s accepted") % {"pk": invitation.pk},
        )
        _close(fresh := invitation, InvitationStatus.ACCEPTED, actor=actor, comment=comment, pair=pair)
    return _copy_back(given, fresh)


def decline_invitation(invitation: MentorInvitation, *, actor, comment: str) -> MentorInvitation:
    """Decline with a comment (required, up to 1000 characters). Raises
    InvitationError when the comment is empty, the actor may not answer or the
    invitation is no longer waiting."""
    comment = _text(comment, COMMENT_MAX_LENGTH, _("Keep the comment within %(max)d characters."))
    if not comment:
        raise InvitationError(_("Say why the invitation is declined."))
    given = invitation
    with transaction.atomic():
        invitation = _locked(invitation)
        if not may_answer(actor, invitation):
            raise InvitationError(_("Only the mentor or the curator of the mentor's organisation "
                                    "may answer the invitation."))
        _close(fresh := invitation, InvitationStatus.DECLINED, actor=actor, comment=comment)
    return _copy_back(given, fresh)


def withdraw_invitation(invitation: MentorInvitation, *, actor) -> MentorInvitation:
    """The inviting curator withdraws an invitation still waiting. Raises
    InvitationError otherwise."""
    given = invitation
    with transaction.atomic():
        invitation = _locked(invitation)
        if not may_withdraw(actor, invitation):
            raise InvitationError(_("Only the curator of the inviting organisation may withdraw "
                                    "the invitation."))
        _close(fresh := invitation, InvitationStatus.WITHDRAWN, actor=actor, comment="")
    return _copy_back(given, fresh)


def notify_mentor(invitation_id: int) -> bool:
    """E-mail the mentor about a waiting invitation if their active account has
    an address (the address is never shown to the inviting side). Returns True
    when sent; a gone or answered invitation sends nothing."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from participants.services.territory_update import account_email

    invitation = MentorInvitation.objects.select_related(
        "organization", "mentor__participant__user", "form"
    ).filter(pk=invitation_id, status=InvitationStatus.SENT).first()
    if invitation is None:
        return False
    address = account_email(invitation.mentor.participant)
    if not address:
        return False
    url = settings.PORTAL_URL.rstrip("/") + reverse("pairs:invitation_detail", args=[invitation.pk])
    body = _(
        "Hello, %(name)s!\n\n«%(organization)s» invites you, through the territory's mentor base, "
        "to mentor one of its participants (form: %(form)s). Read the invitation and answer it "
        "on the portal:\n%(url)s\n\nThis message was sent by the mentoring portal; please do "
        "not reply to it."
    ) % {"name": invitation.mentor.participant.name, "organization": invitation.organization.short_name,
         "form": invitation.form.name, "url": url}
    send_mail(_("Mentoring: an invitation from another organisation"), body,
              settings.DEFAULT_FROM_EMAIL, [address])
    return True
