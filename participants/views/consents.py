"""Consents to the processing of personal data (152-ФЗ): recording,
withdrawal with anonymisation, printable forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..errors import ConsentError
from ..forms import ConsentForm
from ..selectors import get_participant_for_user
from ..services.consents import record_consent

@require_POST
def consent_create(request, pk: int):
    """Record a consent received on paper, e.g. a legal representative's.

    404 for a participant the user may not see; 403 for one they may see but
    whose consents they may not record (a director)."""
    participant = get_participant_for_user(request.user, pk)
    if not request.user.has_perm("participants.record_consent"):
        raise PermissionDenied
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            record_consent(participant, actor=request.user, **form.cleaned_data)
        except ConsentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The consent is recorded."))
    else:
        messages.error(request, _("The consent was not recorded: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)
        })
    return redirect("participants:participant_detail", pk=participant.pk)


urlpatterns = []
