"""Filters of the order register: kind, status, academic year, search."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .enums import OrderKind, OrderStatus
from .models import Order


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or title"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrderKind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OrderStatus.choices, empty_label=_("Any status")
    )
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=_("All years"),
    )

    class Meta:
        model = Order
        fields = ["q", "kind", "status", "academic_year"]

    def search(self, queryset, name, value):
        value = value.strip()
        condition = Q(title__icontains=value)
        if value.isdigit():
            condition |= Q(number=int(value))
        return queryset.filter(condition)

    @property
    def is_active(self) -> bool:
        """True when any filter narrows the list."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in self.base_filters)
