"""Filters of the territory's mentor base (seed 002 item 6): a competency, a form
of mentoring, «есть свободные места» (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm

from .models import MentorListing

MAX_WORDS = 5


def _variants(word: str) -> set[str]:
    # SQLite folds the case of ASCII letters only: try the usual spellings
    return {word, word.lower(), word.capitalize(), word.upper()}


class ListingFilter(django_filters.FilterSet):
    """Expects ``selectors_territory.listed_mentors`` (annotated ``free_places``)."""

    competency = django_filters.CharFilter(
        label=_("Competency or interest"), method="filter_competency"
    )
    form = django_filters.ModelChoiceFilter(
        label=_("Mentoring form"), queryset=MentoringForm.objects.order_by("name"),
        method="filter_form", empty_label=_("All forms"),
    )
    free = django_filters.BooleanFilter(
        label=_("Has free places"), method="filter_free", widget=forms.CheckboxInput
    )

    class Meta:
        model = MentorListing
        fields = ["competency", "form", "free"]

    def filter_competency(self, queryset, name, value):
        """Every word occurs in the competencies, the interests or «о себе»."""
        for word in value.split()[:MAX_WORDS]:
            any_field = Q()
            for variant in _variants(word):
                for field in ("mentor__competencies", "mentor__interests", "about"):
                    any_field |= Q(**{f"{field}__icontains": variant})
            queryset = queryset.filter(any_field)
        return queryset

    def filter_form(self, queryset, name, value):
        if value is None:
            return queryset
        # a subquery: joining the forms would multiply the rows of the places count
        return queryset.filter(
            pk__in=MentorListing.forms.through.objects.filter(mentoringform=value).values(
                "mentorlisting_id"
            )
        )

    def filter_free(self, queryset, name, value):
        return queryset.filter(free_places__gt=0) if value else queryset
