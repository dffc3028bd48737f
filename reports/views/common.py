"""Helpers shared by the views of reports: the chosen year, pagination, file responses."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest

from mentoring.models import AcademicYear


def chosen_year(request: HttpRequest) -> AcademicYear:
    """The academic year chosen with ``?year=<pk>``, else the current one."""
    pk = request.GET.get("year", "")
    if pk.isdigit():
        year = AcademicYear.objects.filter(pk=pk).first()
        if year is not None:
            return year
    return AcademicYear.current()


def page_of(request: HttpRequest, queryset):
    """The ``?page=`` page of ``queryset`` (settings.PAGE_SIZE per page)."""
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def file_response(field_file, filename: str, content_type: str) -> FileResponse:
    """A stored file as an attachment; Http404 when it is not stored."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
