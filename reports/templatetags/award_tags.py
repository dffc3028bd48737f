"""``{% granted_awards mentor as awards %}``: the mentor's awards granted by a
signed order (rewards orders of the organisation, contest results orders of
the education authority), newest first, for the awards section of the
mentor's profile. One query."""

from django import template

from ..enums import FROZEN_ORDER_STATUSES
from ..models import Award

register = template.Library()


@register.simple_tag
def granted_awards(mentor) -> list:
    if mentor is None or mentor.pk is None:
        return []
    return list(
        Award.objects.filter(mentor=mentor, order__status__in=FROZEN_ORDER_STATUSES)
        .select_related("order", "academic_year")
        .order_by("-order__issued_on", "-pk")
    )
