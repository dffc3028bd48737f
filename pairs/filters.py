"""Filters of the pairs list (django-filter)."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.models import MentoringForm, MentoringKind

from .enums import PairStatus
from .models import Pair
from .selectors import name_search_q


class PairFilter(django_filters.FilterSet):
    """Status, form, kind, a name of the mentor or a mentee, and «no meetings for
    more than 14 days» (seed 000 6.4). Expects a queryset annotated by
    ``selectors.with_inactivity``."""

    q = django_filters.CharFilter(label=_("Mentor or mentee"), method="filter_name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PairStatus.choices)
    form = django_filters.ModelChoiceFilter(label=_("Mentoring form"), queryset=MentoringForm.objects.all())
    kind = django_filters.ModelChoiceFilter(label=_("Mentoring kind"), queryset=MentoringKind.objects.all())
    inactive = django_filters.BooleanFilter(
        label=_("No meetings for too long"),
        method="filter_inactive",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Pair
        fields = ["q", "status", "form", "kind", "inactive"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.MEETING_MAX_GAP_DAYS
        self.filters["inactive"].label = ngettext(
            "No meetings for more than %(days)d day", "No meetings for more than %(days)d days", days
        ) % {"days": days}

    def filter_name(self, queryset, name, value):
        if not value.strip():
            return queryset
        matching = Pair.objects.filter(
            name_search_q(value, "mentor__participant__") | _any_mentee(value)
        ).values("pk")
        return queryset.filter(pk__in=matching)

    def filter_inactive(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(is_inactive=True)


def _any_mentee(text: str) -> Q:
    return Q(
        pk__in=Pair.objects.filter(name_search_q(text, "mentees__participant__")).values("pk")
    )
