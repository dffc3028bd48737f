"""The order register and the order pages: drafting, submission, the
director's signature or return, issue, the PDF and the DOCX (seed 000 1.1,
4.1, 5.6, 7.4). Orders of another organisation, and every order for mentors
and mentees, answer 404; staff without the role for an action get 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.selectors import audit_events
from mentoring.trail import trail_context
from mentoring.selectors import organization_or_404
from mentoring.services import log_action

from .. import selectors
from ..enums import OrderFileStatus, OrderKind, OrderStatus
from ..filters import OrderFilter
from ..forms_orders import OrderForm, ReturnForm
from ..renderers.order import order_filename, render_order, render_order_docx
from ..renderers.base import PDF
from ..services import orders as service
from mentoring.pages import file_response, page_of, stored_file_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_KINDS = {OrderKind.PAIRS_APPROVAL: "pairs", OrderKind.MENTOR_BASE: "mentors", OrderKind.REWARDS: "awards"}


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _order(request: HttpRequest, pk: int, permission: str | None = None):
    """The order ``pk`` of the user's organisation (404 otherwise), after the
    permission check (403)."""
    order = selectors.get_order_for_user(request.user, pk)
    if permission:
        _require(request, permission)
    return order


def _eligible(order_or_kind, organization, order=None):
    from mentoring.models import AcademicYear

    kind = order.kind if order is not None else order_or_kind
    if kind == OrderKind.PAIRS_APPROVAL:
        return service.eligible_pairs(organization, order)
    if kind == OrderKind.MENTOR_BASE:
        return service.eligible_mentors(organization, order)
    if kind == OrderKind.REWARDS:
        year = order.academic_year if order is not None else AcademicYear.current()
        return service.eligible_awards(organization, year, order)
    return None


def _lists(kind: str, items) -> dict:
    name = LIST_KINDS.get(kind)
    return {name: list(items or [])} if name else {}


# --- register ------------------------------------------------------------------------------


@permission_required("reports.view_orders", raise_exception=True)
def order_list(request: HttpRequest) -> HttpResponse:
    """The order register: number, date, title, kind, status, who signed, the
    PDF; filtered by kind, status, year and a search; paginated; the «New
    order» menu for those who draft. A fixed number of queries."""
    organization = organization_or_404(request.user)
    order_filter = OrderFilter(request.GET or None, queryset=selectors.orders_visible_to(request.user))
    page = page_of(request, order_filter.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/order_list.html", {
        "filter": order_filter, "page": page, "query": query.urlencode(),
        "kinds": _draftable_kinds(organization) if request.user.has_perm("reports.draft_orders") else [],
    })


def _draftable_kinds(organization) -> list:
    """The «New order» menu: the territory curator's appointment only in an
    education authority (issue 14)."""
    from mentoring.enums import OrganizationKind

    # a contest's results order is drafted from the contest's ranking page
    return [(value, label) for value, label in OrderKind.choices
            if value != OrderKind.CONTEST_RESULTS
            and (value != OrderKind.TERRITORY_CURATOR or organization.kind == OrganizationKind.AUTHORITY)]


# --- drafting ----------------------------------------------------------------------------------


def _form_context(request, form, *, kind, order=None, eligible=None) -> dict:
    return {
        "form": form, "kind": kind, "kind_label": OrderKind(kind).label, "order": order,
        "has_list": eligible is not None,
        "auto_list": kind in (OrderKind.INTRODUCTION, OrderKind.COMPLETION),
    }


def order_create(request: HttpRequest, kind: str) -> HttpResponse:
    """Draft an order of ``kind`` (curator, administrator): the kind's default
    text, editable, and its list as checkboxes of the eligible objects."""
    organization = selectors.order_organization_of(request.user)
    if organization is None or kind not in dict(_draftable_kinds(organization)):
        raise Http404
    _require(request, "reports.draft_orders")
    from mentoring.models import AcademicYear

    from ..data.order_texts import defaults

    eligible = _eligible(kind, organization)
    title, preamble, points = defaults(kind, organization, AcademicYear.current())
    form = OrderForm(
        request.POST or None, kind=kind, eligible=eligible, organization=organization,
        initial={"title": title, "preamble": preamble, "points": "\n".join(points)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = service.draft_order(
                organization=organization, kind=kind, actor=request.user, title=data["title"],
                preamble=data["preamble"], points=data["points"], **_lists(kind, data.get("items")),
                appointee=data.get("appointee"),
            )
        except service.OrderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft order is saved."))
            return redirect("reports:order_detail", pk=order.pk)
    return render(request, "reports/order_form.html", _form_context(request, form, kind=kind, eligible=eligible))


def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft's text and list; a submitted or signed order is refused
    with a message."""
    order = _order(request, pk, "reports.draft_orders")
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited: this order is «%(status)s».")
                       % {"status": order.get_status_display()})
        return redirect("reports:order_detail", pk=order.pk)
    eligible = _eligible(order.kind, order.organization, order)
    initial = {"title": order.title, "preamble": order.preamble, "points": "\n".join(order.points),
               "appointee": order.appointee_id}
    if eligible is not None:
        initial["items"] = list(getattr(order, LIST_KINDS[order.kind]).values_list("pk", flat=True))
    form = OrderForm(request.POST or None, kind=order.kind, eligible=eligible, initial=initial,
                     organization=order.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.update_draft(
                order, actor=request.user, title=data["title"], preamble=data["preamble"],
                points=data["points"], **_lists(order.kind, data.get("items")),
                appointee=data.get("appointee"),
            )
        except service.OrderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft order is saved."))
            return redirect("reports:order_detail", pk=order.pk)
    return render(request, "reports/order_form.html",
                  _form_context(request, form, kind=order.kind, order=order, eligible=eligible))


# --- the order's page -------------------------------------------------------------------------


def _history(order) -> list:
    """The order's events from the audit trail, oldest first (downloads left out)."""
    return list(
        audit_events(obj=order)
        .exclude(event="reports.order.downloaded")
        .select_related("actor")
        .order_by("timestamp", "pk")
    )


def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An order's requisites, text, list (paginated), status history and the
    actions the user's role allows."""
    order = _order(request, pk, "reports.view_orders")
    content = service.document_content(order)
    user = request.user
    is_draft = order.status == OrderStatus.DRAFT
    return render(request, "reports/order_detail.html", {
        "order": order,
        "content": content,
        "pairs_page": page_of(request, content["pairs"], "page"),
        "people_page": page_of(request, content["people"], "page"),
        "awards_page": page_of(request, content["awards"], "page"),
        "history": _history(order),
        **trail_context(request, order),
        "can_edit": is_draft and user.has_perm("reports.draft_orders"),
        "can_sign": order.status == OrderStatus.SUBMITTED and user.has_perm("reports.sign_orders"),
        "can_issue": order.status == OrderStatus.SIGNED and user.has_perm("reports.issue_orders"),
        **_files_context(request, order),
    })


def _files_context(request: HttpRequest, order) -> dict:
    """What the documents block shows: the download links once the signed
    order's files are ready, «готовится» (polled) while they are rendered, the
    reason and «Повторить» when rendering failed."""
    return {
        "has_file": bool(order.is_frozen and order.files_ready),
        "files_pending": order.is_frozen and order.file_status == OrderFileStatus.PENDING,
        "files_failed": order.is_frozen and order.file_status == OrderFileStatus.FAILED,
        "can_retry": order.file_status == OrderFileStatus.FAILED
        and request.user.has_perm("reports.issue_orders"),
    }


def order_files(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents fragment of an order's page (polled with htmx while the
    signed order's PDF and DOCX are being prepared)."""
    order = _order(request, pk, "reports.view_orders")
    return render(request, "reports/includes/order_files.html", {
        "order": order, **_files_context(request, order),
    })


@require_POST
def order_files_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """«Повторить»: queue the rendering of documents that failed again."""
    order = _order(request, pk, "reports.issue_orders")
    try:
        service.retry_order_files(order, actor=request.user)
    except (service.OrderError, BackgroundUnavailable) as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, _("The documents of the order are being prepared again."))
    return redirect("reports:order_detail", pk=order.pk)


@require_POST
def order_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft to the director."""
    order = _order(request, pk, "reports.draft_orders")
    try:
        service.submit_order(order, actor=request.user)
    except service.OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The order is sent to the director for signature."))
    return redirect("reports:order_detail", pk=order.pk)


def order_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The director returns a submitted order to the curator with a comment."""
    order = _order(request, pk, "reports.sign_orders")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.return_order(order, actor=request.user, comment=form.cleaned_data["comment"])
        except service.OrderError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The order is returned to the curator for revision."))
        return redirect("reports:order_detail", pk=order.pk)
    return render(request, "reports/order_return.html", {"order": order, "form": form})


def order_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The director's signature: a confirmation page, then the order gets its
    number and date and becomes final."""
    order = _order(request, pk, "reports.sign_orders")
    if request.method == "POST":
        try:
            service.sign_order(order, actor=request.user)
        except BackgroundUnavailable as error:
            # checked before anything is written: the order stays unsigned
            messages.error(request, error.message)
        except service.OrderError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _(
                "Order No. %(number)s of %(date)s is signed; its PDF and DOCX are being prepared."
            ) % {"number": order.number, "date": order.issued_on.strftime("%d.%m.%Y")})
        return redirect("reports:order_detail", pk=order.pk)
    if order.status != OrderStatus.SUBMITTED:
        messages.error(request, _("Only an order submitted for signature can be signed."))
        return redirect("reports:order_detail", pk=order.pk)
    return render(request, "reports/order_sign.html", {
        "order": order, "content": service.document_content(order),
    })


@require_POST
def order_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a signed order issued (brought to the people's attention)."""
    order = _order(request, pk, "reports.issue_orders")
    try:
        service.issue_order(order, actor=request.user)
    except service.OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The order is marked as issued."))
    return redirect("reports:order_detail", pk=order.pk)


def order_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft after a confirmation page."""
    order = _order(request, pk, "reports.draft_orders")
    if request.method == "POST":
        try:
            service.delete_draft(order, actor=request.user)
        except service.OrderError as error:
            messages.error(request, str(error))
            return redirect("reports:order_detail", pk=order.pk)
        messages.success(request, _("The draft order is deleted."))
        return redirect("reports:order_list")
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft can be deleted."))
        return redirect("reports:order_detail", pk=order.pk)
    return render(request, "reports/order_delete.html", {"order": order})


# --- files --------------------------------------------------------------------------------------


def _log_download(request: HttpRequest, order, fmt: str) -> None:
    log_action("reports.order.downloaded", actor=request.user, organization=order.organization,
               obj=order, data={"format": fmt, "status": order.status})


def _files_not_ready(request: HttpRequest, order) -> HttpResponse:
    if order.file_status == OrderFileStatus.PENDING:
        messages.info(request, _("The documents of the order are being prepared; the links appear "
                                 "on this page as soon as they are ready."))
    else:
        messages.error(request, _("The documents of the order are not ready."))
    return redirect("reports:order_detail", pk=order.pk)


def order_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The order's PDF as an attachment, for the organisation's programme
    staff (404 for everybody else): the stored signed file once rendered
    (re-created from the frozen content if it went missing and the hash still
    matches; back to the order's page while it is being prepared), or a
    «ПРОЕКТ» preview of a draft or submitted order. 404 for a signed order
    without a stored file or checksum (signed before orders froze their
    content)."""
    order = selectors.get_order_for_user(request.user, pk)
    if not order.is_frozen:
        # The draft preview stays in the request (issue 13 moved the signed
        # documents to the worker): it is the user's own immediate download of
        # live data that changes with every edit, nothing is stored or signed,
        # so a job would only add a row, a file to clean up and a polling page
        # around the same wait; a draft of 100 pairs (16 pages) renders in about
        # 1 s (1.5 s in a cold process), tens of pairs in a fraction of that.
        rendered = render_order(order)
        response = file_response(rendered.content, content_type=PDF, filename=rendered.filename)
        _log_download(request, order, "pdf")
        return response
    if not order.sha256 and order.file_status in (OrderFileStatus.PENDING, OrderFileStatus.FAILED):
        return _files_not_ready(request, order)
    if order.sha256 and not (order.file and order.file.storage.exists(order.file.name)):
        try:
            service.verify_order_file(order)
        except service.OrderError as error:
            messages.error(request, str(error))
            return redirect("reports:order_detail", pk=order.pk)
    response = stored_file_response(order.file, order_filename(order, "pdf"), PDF)
    _log_download(request, order, "pdf")
    return response


def order_docx(request: HttpRequest, pk: int) -> FileResponse | HttpResponse:
    """The order as an editable DOCX (the same content as the PDF), for the
    organisation's programme staff; 404 for everybody else. A signed order's
    DOCX is the file stored by the rendering job (back to the order's page
    while it is being prepared)."""
    order = selectors.get_order_for_user(request.user, pk)
    if order.is_frozen and order.docx and order.docx.storage.exists(order.docx.name):
        response = stored_file_response(order.docx, order_filename(order, "docx"), DOCX)
        _log_download(request, order, "docx")
        return response
    if order.is_frozen and order.file_status in (OrderFileStatus.PENDING, OrderFileStatus.FAILED):
        return _files_not_ready(request, order)
    # A draft's DOCX (python-docx, no layout engine: about 0.15 s for 100 pairs),
    # and the DOCX of an order signed before DOCX files were stored (or
    # whose stored copy went missing), are made here from the live data or the
    # frozen content.
    rendered = render_order_docx(order)
    response = file_response(rendered.content, content_type=DOCX, filename=rendered.filename)
    _log_download(request, order, "docx")
    return response
