"""Forms of the base of successful practices: a practice, and the filter bar of
the list (search, academic year, form of mentoring). They only parse the
input; the rules are reports.services.practices'."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import AcademicYear, MentoringForm
from participants.models import Mentor

from .models import Practice
from .services.practices import PracticeError

PRACTICE_FILE_ACCEPT = ".pdf,.docx,.odt,.jpg,.jpeg,.png"
MAX_SEARCH_LENGTH = 100


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Mentor) -> str:
        return obj.participant.full_name


class PracticeForm(forms.Form):
    """A practice of the organisation's base; ``organization`` limits the mentors."""

    title = forms.CharField(label=_("Title"), max_length=300)
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=None,
    )
    form = forms.ModelChoiceField(
        label=pgettext_lazy("pair", "Form of mentoring"), queryset=MentoringForm.objects.all(),
        required=False, empty_label="—",
    )
    mentor = MentorChoiceField(label=_("Mentor"), queryset=Mentor.objects.none(),
                               required=False, empty_label="—")
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, with whom, in which form: the case in a few paragraphs."),
        error_messages={"required": _("Describe the practice in a few sentences.")},
    )
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)
    file = forms.FileField(
        label=_("File"), required=False,
        widget=forms.FileInput(attrs={"accept": PRACTICE_FILE_ACCEPT}),
        help_text=_("PDF, DOCX, ODT, JPEG or PNG up to 10 MB (the case description, a presentation)."),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, organization, practice: Practice | None = None, **kwargs):
        if practice is not None:
            kwargs.setdefault("initial", {
                "title": practice.title, "academic_year": practice.academic_year_id,
                "form": practice.form_id, "mentor": practice.mentor_id,
                "summary": practice.summary, "results": practice.results,
            })
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the title of the practice.")
        self.fields["mentor"].queryset = (
            Mentor.objects.filter(participant__organization=organization,
                                  participant__anonymised_at__isnull=True)
            .select_related("participant")
            .order_by("participant__surname", "participant__name", "pk")
        )
        if practice is None or not practice.file:
            del self.fields["remove_file"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "title",
            Row(Column("academic_year", css_class="col-md-4"), Column("form", css_class="col-md-8")),
            "mentor", "summary", "results", "file",
            *(["remove_file"] if "remove_file" in self.fields else []),
        )

    def add_practice_error(self, error: PracticeError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class PracticeFilter(django_filters.FilterSet):
    """Search (title, summary, mentor's surname), academic year, form."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=MAX_SEARCH_LENGTH)
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=_("All years"),
    )
    form = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("pair", "Form of mentoring"), queryset=MentoringForm.objects.all(),
        empty_label=_("All forms"),
    )

    class Meta:
        model = Practice
        fields = ["q", "academic_year", "form"]

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:5]:
            any_field = Q()
            for variant in {word, word.lower(), word.capitalize()}:
                any_field |= (
                    Q(title__icontains=variant) | Q(summary__icontains=variant)
                    | Q(mentor__participant__surname__icontains=variant)
                )
            condition &= any_field
        return queryset.filter(condition)

    @property
    def is_active(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in self.base_filters)
