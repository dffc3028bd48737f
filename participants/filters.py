"""Filter bars of the mentor and mentee bases (django-filter).

The same filter sets drive the pages and their XLSX/CSV export
(``views.exports``), so a file holds exactly the people the page lists."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory
from mentoring.models import MentoringForm
from mentoring.selectors import staff_organization_of

from .enums import ConsentStatus, MenteeStatus, MentorStatus
from .forms import filter_helper
from .selectors import name_search_q, study_groups

SEARCH_FIELDS = ("surname", "name", "patronymic", "email", "study_group")


def programme_forms(user) -> QuerySet[MentoringForm]:
    """The mentoring forms enabled in any programme of the user's organisation
    (``Programme.forms``), by name; none for a user who is not programme staff."""
    organization = staff_organization_of(user)
    if organization is None:
        return MentoringForm.objects.none()
    return (
        MentoringForm.objects.filter(programme__organization=organization).distinct().order_by("name")
    )


class _BaseFilter(django_filters.FilterSet):
    # which list of the form admits this base: "mentor_categories" | "mentee_categories"
    form_categories: str = ""

    q = django_filters.CharFilter(method="search", label=_("Search the base"))
    category = django_filters.ChoiceFilter(
        field_name="participant__category", choices=ParticipantCategory.choices, label=_("Category")
    )
    consent = django_filters.ChoiceFilter(
        field_name="participant__consent_status", choices=ConsentStatus.choices, label=_("Consent")
    )
    group = django_filters.ChoiceFilter(field_name="participant__study_group", label=_("Study group"))
    form = django_filters.ModelChoiceFilter(
        queryset=MentoringForm.objects.none(), method="by_form", label=_("Mentoring form")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].extra["choices"] = [(g, g) for g in study_groups(user)]
        self.filters["form"].queryset = programme_forms(user)
        self.form.fields["q"].widget.attrs["placeholder"] = _("Name, e-mail or group")
        self.form.helper = filter_helper("q", "category", "status", "consent", "group", "form")

    def search(self, queryset, name, value):
        """Every word must occur in the surname, name, patronymic, e-mail or group.
        Capitalised variants are tried too: SQLite folds case for ASCII only."""
        return queryset.filter(name_search_q(value, "participant__", SEARCH_FIELDS))

    def by_form(self, queryset, name, form: MentoringForm):
        """People whose category the form admits on this side of a pair
        (``MentoringForm.mentor_categories`` / ``mentee_categories``)."""
        return queryset.filter(participant__category__in=getattr(form, self.form_categories))


class MentorFilter(_BaseFilter):
    form_categories = "mentor_categories"
    status = django_filters.ChoiceFilter(choices=MentorStatus.choices, label=_("Status"))


class MenteeFilter(_BaseFilter):
    form_categories = "mentee_categories"
    status = django_filters.ChoiceFilter(choices=MenteeStatus.choices, label=_("Status"))
