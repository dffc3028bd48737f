"""Filter bars of the mentor and mentee bases (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory

from .enums import ConsentStatus, MenteeStatus, MentorStatus
from .forms import filter_helper
from .selectors import study_groups

SEARCH_FIELDS = ("surname", "name", "patronymic", "email", "study_group")
MAX_SEARCH_WORDS = 5


class _BaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search the base"))
    category = django_filters.ChoiceFilter(
        field_name="participant__category", choices=ParticipantCategory.choices, label=_("Category")
    )
    consent = django_filters.ChoiceFilter(
        field_name="participant__consent_status", choices=ConsentStatus.choices, label=_("Consent")
    )
    group = django_filters.ChoiceFilter(field_name="participant__study_group", label=_("Study group"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].extra["choices"] = [(g, g) for g in study_groups(user)]
        self.form.fields["q"].widget.attrs["placeholder"] = _("Name, e-mail or group")
        self.form.helper = filter_helper("q", "category", "status", "consent", "group")

    def search(self, queryset, name, value):
        """Every word must occur in the surname, name, patronymic, e-mail or group.
        Capitalised variants are tried too: SQLite folds case for ASCII only."""
        for word in value.split()[:MAX_SEARCH_WORDS]:
            condition = Q()
            for variant in {word, word.lower(), word.capitalize(), word.upper()}:
                for field in SEARCH_FIELDS:
                    condition |= Q(**{f"participant__{field}__icontains": variant})
            queryset = queryset.filter(condition)
        return queryset


class MentorFilter(_BaseFilter):
    status = django_filters.ChoiceFilter(choices=MentorStatus.choices, label=_("Status"))


class MenteeFilter(_BaseFilter):
    status = django_filters.ChoiceFilter(choices=MenteeStatus.choices, label=_("Status"))
