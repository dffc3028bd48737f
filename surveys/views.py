"""HTTP views (placeholders until built)."""

from django.http import HttpResponse


def my_forms(request, **kwargs):
    return HttpResponse("surveys:my_forms is not built yet")


def response_fill(request, **kwargs):
    return HttpResponse("surveys:response_fill is not built yet")


def token_response(request, **kwargs):
    return HttpResponse("surveys:token_response is not built yet")
