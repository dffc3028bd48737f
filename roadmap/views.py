"""HTTP views (placeholders until built)."""

from django.http import HttpResponse


def detail(request, **kwargs):
    return HttpResponse("roadmap:detail is not built yet")


def activity_update(request, **kwargs):
    return HttpResponse("roadmap:activity_update is not built yet")
