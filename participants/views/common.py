"""Shared helpers of the participant pages."""

from django.core.exceptions import ObjectDoesNotExist


def profile_of(participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None
