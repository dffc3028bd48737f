"""Filters of the respondent's list of submitted forms."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .enums import SurveyKind
from .models import Response


class SubmittedResponseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="survey__kind", choices=SurveyKind.choices, label=_("Form"),
        empty_label=_("All forms"),
    )
    topic = django_filters.CharFilter(
        field_name="meeting__topic", lookup_expr="icontains", label=_("Meeting topic")
    )

    class Meta:
        model = Response
        fields = ["kind", "topic"]
