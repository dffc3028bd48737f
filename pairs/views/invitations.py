"""Invitations of mentors of the territory's base (seed 002 items 6, 11): the
inviting curator's form, the list of invitations, an invitation's page with
accept / decline / withdraw. 404 outside the user's reach (GET and POST)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.enums import PROGRAMME_STAFF_ROLES, Role
from mentoring.pages import page_of
from mentoring.selectors import organization_of, roles_of, territory_of

from ..enums import InvitationStatus
from ..errors import PairError
from ..forms.invitations import AnswerForm, InvitationForm
from ..selectors import free_places, mentees_for_pairing
from ..selectors_invitations import (
    get_invitable_listing,
    get_invitation_for_user,
    invitations_visible_to,
)
from ..services.invitations import (
    accept_invitation,
    decline_invitation,
    may_answer,
    may_withdraw,
    send_invitation,
)


def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the mentor of listing ``pk`` for one of our mentees."""
    listing = get_invitable_listing(request.user, pk)
    organization = organization_of(request.user)
    form = InvitationForm(request.POST or None, mentees=mentees_for_pairing(organization),
                          listing=listing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = send_invitation(listing=listing, mentee=data["mentee"], form=data["form"],
                                         kind=data["kind"], message=data["message"],
                                         actor=request.user)
        except PairError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The invitation is sent. The mentor answers on the portal."))
            return redirect("pairs:invitation_detail", invitation.pk)
    return render(request, "pairs/invitations/invite.html", {
        "listing": listing, "form": form, "free": free_places(listing.mentor),
    })


def _may_list(user) -> bool:
    organization = organization_of(user)
    roles = roles_of(user, organization)
    return bool(roles & (PROGRAMME_STAFF_ROLES | {Role.MENTOR})) or territory_of(user) is not None


def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations the user sees: sent by our organisation, to our mentors, to
    me; the territory curator's: to the specialists without an account."""
    if not _may_list(request.user):
        raise Http404
    qs = invitations_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in InvitationStatus.values:
        qs = qs.filter(status=status)
    organization = organization_of(request.user)
    return render(request, "pairs/invitations/list.html", {
        "page_obj": page_of(request, qs), "status": status, "statuses": InvitationStatus.choices,
        "query": f"status={status}" if status else "",
        "own_organization_id": organization.pk if organization else None,
        "show_mentee_names": territory_of(request.user) is None,
    })


def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One invitation; POST ``action`` = accept | decline | withdraw."""
    invitation = get_invitation_for_user(request.user, pk)
    answering = invitation.status == InvitationStatus.SENT and may_answer(request.user, invitation)
    withdrawing = invitation.status == InvitationStatus.SENT and may_withdraw(request.user, invitation)
    answer = AnswerForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if not ((action in ("accept", "decline") and answering) or (action == "withdraw" and withdrawing)):
            messages.error(request, _("This action is not available for the invitation."))
            return redirect("pairs:invitation_detail", invitation.pk)
        if answer.is_valid():
            try:
                _act(action, invitation, request.user, answer.cleaned_data["comment"])
            except PairError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _DONE[action])
            return redirect("pairs:invitation_detail", invitation.pk)
    return render(request, "pairs/invitations/detail.html", {
        "invitation": invitation, "answer": answer, "answering": answering,
        "withdrawing": withdrawing, "show_mentee_name": territory_of(request.user) is None,
        "inviting_side": roles_of(request.user, invitation.organization) & PROGRAMME_STAFF_ROLES,
    })


_DONE = {
    "accept": gettext_lazy("The invitation is accepted: the pair is formed and waits for the approval of "
                "the inviting organisation's director."),
    "decline": gettext_lazy("The invitation is declined."),
    "withdraw": gettext_lazy("The invitation is withdrawn."),
}


def _act(action: str, invitation, actor, comment: str) -> None:
    if action == "accept":
        accept_invitation(invitation, actor=actor, comment=comment)
    elif action == "decline":
        decline_invitation(invitation, actor=actor, comment=comment)
    else:
        from ..services.invitations import withdraw_invitation

        withdraw_invitation(invitation, actor=actor)
