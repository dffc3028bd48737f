"""HTTP views (placeholders until built)."""

from django.http import HttpResponse


def import_upload(request, **kwargs):
    return HttpResponse("participants:import_upload is not built yet")


def import_detail(request, **kwargs):
    return HttpResponse("participants:import_detail is not built yet")


def mentor_list(request, **kwargs):
    return HttpResponse("participants:mentor_list is not built yet")


def mentee_list(request, **kwargs):
    return HttpResponse("participants:mentee_list is not built yet")


def participant_detail(request, **kwargs):
    return HttpResponse("participants:participant_detail is not built yet")
