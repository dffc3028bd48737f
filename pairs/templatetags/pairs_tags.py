"""Small template helpers of the pairs pages."""

from django import template
from django.conf import settings

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "proposed": "text-bg-warning",
    "approved": "text-bg-info",
    "active": "text-bg-success",
    "completed": "text-bg-primary",
    "terminated": "text-bg-dark",
}


@register.simple_tag
def meeting_gap_days() -> int:
    """The longest allowed gap between meetings, days (seed 000 6.4)."""
    return settings.MEETING_MAX_GAP_DAYS


@register.filter
def status_class(status: str) -> str:
    """Bootstrap badge classes for a pair status."""
    return STATUS_CLASSES.get(status, "text-bg-light")
