"""Forms of the indicators and reports pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .enums import ReportKind
from .models import HeadCount

# A college has 300–3,000 students (DESIGN.md "Scale"); a region-wide figure is
# still far below this — anything larger is a typing error.
MAX_HEAD_COUNT = 1_000_000


class HeadCountForm(forms.Form):
    """The year's four head counts: the denominators of indicators 1–6 (seed 000 §7)."""

    teachers = forms.IntegerField(
        label=_("Teachers (all teaching staff)"), min_value=0, max_value=MAX_HEAD_COUNT
    )
    students = forms.IntegerField(
        label=_("Students of the organisation"), min_value=0, max_value=MAX_HEAD_COUNT
    )
    employer_partners = forms.IntegerField(
        label=_("Employer partners"), min_value=0, max_value=MAX_HEAD_COUNT
    )
    pupils_career_guidance = forms.IntegerField(
        label=_("School pupils reached by career guidance"), min_value=0, max_value=MAX_HEAD_COUNT
    )

    def __init__(self, *args, head_count: HeadCount | None = None, **kwargs):
        if head_count is not None:
            kwargs.setdefault("initial", {name: getattr(head_count, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class ReportRequestForm(forms.Form):
    """Which report to build: the academic year and the kind (annual by default)."""

    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=None,
    )
    kind = forms.ChoiceField(
        label=_("Report"), choices=ReportKind.choices, initial=ReportKind.ANNUAL,
        widget=forms.HiddenInput,
    )
