"""Export of the bases to XLSX and CSV with formula injection neutralised
(``services.exporting``): exactly the list the page shows for the same GET
parameters."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from mentoring.pages import file_response
from mentoring.selectors import staff_organization_of

from ..filters import MenteeFilter, MentorFilter
from ..selectors import mentees_visible_to, mentors_visible_to
from ..services.exporting import FORMATS, export_base
from .bases import base_filterset


def _export(request, *, kind: str, queryset, filter_class, list_url: str) -> HttpResponse:
    """The filtered base as an attachment. ``?file_format=xlsx|csv`` (xlsx when
    absent); any other format sends the user back to the list, filters kept,
    with a message — never a 400 or a 500."""
    file_format = request.GET.get("file_format") or "xlsx"
    params = request.GET.copy()
    params.pop("file_format", None)
    params.pop("page", None)
    if file_format not in FORMATS:
        messages.error(request, _("Unknown export format: choose XLSX or CSV."))
        query = params.urlencode()
        return redirect(reverse(list_url) + (f"?{query}" if query else ""))
    filterset = base_filterset(request, queryset, filter_class)
    criteria = {
        name: request.GET[name] for name in filterset.filters if request.GET.get(name)
    }
    exported = export_base(
        filterset.qs,
        kind=kind,
        file_format=file_format,
        actor=request.user,
        organization=staff_organization_of(request.user),
        criteria=criteria,
    )
    return file_response(
        exported.content, content_type=exported.content_type, filename=exported.filename
    )


@require_GET
@permission_required("participants.view_bases", raise_exception=True)
def mentor_export(request):
    """The mentor base, searched and filtered as on its page, as XLSX or CSV;
    programme staff of the user's organisation only (403 otherwise)."""
    return _export(
        request, kind="mentors", queryset=mentors_visible_to(request.user),
        filter_class=MentorFilter, list_url="participants:mentor_list",
    )


@require_GET
@permission_required("participants.view_bases", raise_exception=True)
def mentee_export(request):
    """The mentee base, searched and filtered as on its page, as XLSX or CSV;
    programme staff of the user's organisation only (403 otherwise)."""
    return _export(
        request, kind="mentees", queryset=mentees_visible_to(request.user),
        filter_class=MenteeFilter, list_url="participants:mentee_list",
    )


urlpatterns = [
    path("mentors/export/", mentor_export, name="mentor_export"),
    path("mentees/export/", mentee_export, name="mentee_export"),
]
