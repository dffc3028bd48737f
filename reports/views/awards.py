"""Awards: the mentors' results, proposing awards, the rewards order."""

from django.http import Http404


def award_list(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def mentor_results(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def award_create(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def award_edit(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def award_delete(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def rewards_order_create(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404
