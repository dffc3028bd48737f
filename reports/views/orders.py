"""The order register and the order pages."""

from django.http import FileResponse, HttpRequest, HttpResponse, Http404
from django.shortcuts import render
from rules.contrib.views import permission_required

from mentoring.selectors import organization_or_404
from mentoring.services import log_action

from .. import selectors
from ..filters import OrderFilter
from ..renderers.base import PDF
from .common import file_response, page_of


# --- orders -----------------------------------------------------------------------------


@permission_required("reports.view_orders", raise_exception=True)
def order_list(request: HttpRequest) -> HttpResponse:
    """The order register: number, date, title, status, who signed, the PDF;
    filtered by kind, status, year and a search; paginated. Three queries."""
    organization_or_404(request.user)
    order_filter = OrderFilter(request.GET or None, queryset=selectors.orders_visible_to(request.user))
    page = page_of(request, order_filter.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/order_list.html", {
        "filter": order_filter, "page": page, "query": query.urlencode(),
    })


def order_download(request: HttpRequest, pk: int) -> FileResponse:
    """An order's stored PDF as an attachment, for the organisation's programme
    staff; 404 for mentors, mentees, other organisations and while the PDF is
    not rendered yet."""
    order = selectors.get_order_for_user(request.user, pk)
    filename = "order-{number}-{date}.pdf".format(
        number=order.number, date=order.issued_on.strftime("%Y-%m-%d")
    )
    response = file_response(order.file, filename, PDF)
    log_action("reports.order.downloaded", actor=request.user, organization=order.organization, obj=order)
    return response


def order_create(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_detail(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_edit(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_submit(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_return(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_sign(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_issue(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_delete(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def order_docx(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404
