"""The academic year a reports page is about (``?year=<pk>``)."""

from django.http import HttpRequest

from mentoring.models import AcademicYear


def chosen_year(request: HttpRequest) -> AcademicYear:
    """The academic year chosen with ``?year=<pk>``, else the current one."""
    pk = request.GET.get("year", "")
    if pk.isdigit():
        year = AcademicYear.objects.filter(pk=pk).first()
        if year is not None:
            return year
    return AcademicYear.current()
