"""Filters of the roadmap page: stage, status, only overdue."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import ActivityStatus
from .models import Activity
from .selectors import filter_overdue

STAGE_CHOICES = [(n, format_lazy("{} {}", _("Stage"), n)) for n in range(1, 8)]


class ActivityFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        field_name="stage__number", label=_("Stage"), choices=STAGE_CHOICES, empty_label=_("All stages")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActivityStatus.choices, empty_label=_("Any status")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Activity
        fields = ["stage", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return filter_overdue(queryset) if value else queryset

    @property
    def is_active(self) -> bool:
        """True when any filter narrows the list."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in ("stage", "status", "overdue"))
