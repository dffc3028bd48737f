"""HTTP views (placeholders until built)."""

from django.http import HttpResponse


def list(request, **kwargs):
    return HttpResponse("pairs:list is not built yet")


def form(request, **kwargs):
    return HttpResponse("pairs:form is not built yet")


def detail(request, **kwargs):
    return HttpResponse("pairs:detail is not built yet")


def approval_queue(request, **kwargs):
    return HttpResponse("pairs:approval_queue is not built yet")


def my_pairs(request, **kwargs):
    return HttpResponse("pairs:my_pairs is not built yet")


def meeting_create(request, **kwargs):
    return HttpResponse("pairs:meeting_create is not built yet")
