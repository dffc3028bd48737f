"""HTTP views (placeholders until built)."""

from django.http import HttpResponse


def indicators(request, **kwargs):
    return HttpResponse("reports:indicators is not built yet")


def headcount_edit(request, **kwargs):
    return HttpResponse("reports:headcount_edit is not built yet")


def report_list(request, **kwargs):
    return HttpResponse("reports:report_list is not built yet")


def report_create(request, **kwargs):
    return HttpResponse("reports:report_create is not built yet")


def report_status(request, **kwargs):
    return HttpResponse("reports:report_status is not built yet")


def report_download(request, **kwargs):
    return HttpResponse("reports:report_download is not built yet")


def order_list(request, **kwargs):
    return HttpResponse("reports:order_list is not built yet")


def order_download(request, **kwargs):
    return HttpResponse("reports:order_download is not built yet")
