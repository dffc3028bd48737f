"""The base of successful practices (seed 000 stage 7.5, seed 001 6.3): the
organisation's list with search and filters, a practice's page, adding,
editing, deleting (after a confirmation) and publishing on the public page.

Programme staff read (``reports.view_practices``: curator, director, working
group, admin); curators and admins change (``reports.manage_practices``).
Lists answer 403 to everybody else; object URLs answer 404 to anyone who may
not read practices or is of another organisation (``mentoring.permissions``)
and 403 to readers on the change pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.models import AcademicYear
from mentoring.pages import page_of, stored_file_response
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_or_404

from ..forms_practices import PracticeFilter, PracticeForm
from ..models import Practice
from ..services.practices import (
    PRACTICE_FILE_TYPES,
    PracticeError,
    create_practice,
    delete_practice,
    practice_file_name,
    practices_visible_to,
    set_practice_published,
    update_practice,
)

VIEW = "reports.view_practices"
MANAGE = "reports.manage_practices"


def _practice(request: HttpRequest, pk: int, *, manage: bool = False) -> Practice:
    """The practice ``pk`` of the user's organisation (404 otherwise); 403 to a
    reader on a change page."""
    practice = get_object_or_404(practices_visible_to(request.user), pk=pk)
    if manage and not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return practice


def _upload_too_large(request: HttpRequest, form) -> bool:
    if getattr(request, "upload_too_large", None):
        form.add_error("file", _("The file is larger than 10 MB."))
        return True
    return False


@permission_required(VIEW, raise_exception=True)
def practice_list(request: HttpRequest) -> HttpResponse:
    """The organisation's practices, newest year first; search (title, summary,
    mentor), filters by academic year and form, paginated."""
    organization_or_404(request.user)
    practices = practices_visible_to(request.user)
    filterset = PracticeFilter(request.GET or None, queryset=practices)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/practice_list.html", {
        "filter": filterset,
        "page": page_of(request, filterset.qs),
        "query": query.urlencode(),
        "may_manage": request.user.has_perm(MANAGE),
    })


@object_permission_required(VIEW)
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    return render(request, "reports/practice_detail.html", {
        "practice": practice,
        "may_manage": request.user.has_perm(MANAGE),
        "nominated": practice.nominations.exists(),
    })


def _save_form(request, form, save) -> bool:
    """Run ``save(cleaned_data, upload)`` on a valid POST; False with the
    service's refusal on the form."""
    if request.method != "POST" or not form.is_valid() or _upload_too_large(request, form):
        return False
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    try:
        save(data, upload)
    except PracticeError as error:
        form.add_practice_error(error)
        return False
    return True


@permission_required(MANAGE, raise_exception=True)
def practice_create(request: HttpRequest) -> HttpResponse:
    organization = organization_or_404(request.user)
    form = PracticeForm(request.POST or None, request.FILES or None, organization=organization,
                        initial={"academic_year": AcademicYear.current().pk})
    created = []

    def save(data, upload):
        data.pop("remove_file", None)
        created.append(create_practice(organization, actor=request.user, upload=upload, **data))

    if _save_form(request, form, save):
        messages.success(request, _("The practice is added to the base."))
        return redirect("reports:practice_detail", pk=created[0].pk)
    return render(request, "reports/practice_form.html", {"form": form, "practice": None})


@object_permission_required(VIEW)
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk, manage=True)
    form = PracticeForm(request.POST or None, request.FILES or None,
                        organization=practice.organization, practice=practice)

    def save(data, upload):
        remove = bool(data.pop("remove_file", False))
        update_practice(practice, actor=request.user, upload=upload, remove_file=remove, **data)

    if _save_form(request, form, save):
        messages.success(request, _("The practice is saved."))
        return redirect("reports:practice_detail", pk=practice.pk)
    return render(request, "reports/practice_form.html", {"form": form, "practice": practice})


@object_permission_required(VIEW)
def practice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page (GET) and deletion (POST)."""
    practice = _practice(request, pk, manage=True)
    if request.method == "POST":
        try:
            delete_practice(practice, actor=request.user)
        except PracticeError as error:
            messages.error(request, error.message)
            return redirect("reports:practice_detail", pk=practice.pk)
        messages.success(request, _("The practice is deleted."))
        return redirect("reports:practice_list")
    return render(request, "reports/practice_confirm_delete.html", {
        "practice": practice, "nominated": practice.nominations.exists(),
    })


@require_POST
@object_permission_required(VIEW)
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (``published=1``) or unpublish (``published=0``) the practice."""
    practice = _practice(request, pk, manage=True)
    published = request.POST.get("published") == "1"
    if set_practice_published(practice, published=published, actor=request.user):
        messages.success(request, _("The practice is on the public page.") if published
                         else _("The practice is taken off the public page."))
    return redirect("reports:practice_detail", pk=practice.pk)


@object_permission_required(VIEW)
def practice_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The practice's attached file, for the organisation's programme staff."""
    practice = _practice(request, pk)
    extension = practice_file_name(practice).rsplit(".", 1)[-1] if practice.file else ""
    content_type = PRACTICE_FILE_TYPES.get("." + extension, "application/octet-stream")
    return stored_file_response(practice.file, practice_file_name(practice), content_type)
