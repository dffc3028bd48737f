"""Forms of the indicators and reports pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


from .enums import IndicatorUnit
from .models import HeadCount, Indicator
from .services.indicators import MAX_PERCENT, MAX_VALUE, IndicatorError, check_evidence

# A college has 300–3,000 students (DESIGN.md "Scale"); a region-wide figure is
# still far below this — anything larger is a typing error.
MAX_HEAD_COUNT = 1_000_000


class HeadCountForm(forms.Form):
    """The year's head counts: the denominators of the share indicators (seed 000
    §7 №1–6; seed 003 efficiency №1–3)."""

    teachers = forms.IntegerField(
        label=_("Teachers (all teaching staff)"), min_value=0, max_value=MAX_HEAD_COUNT
    )
    young_specialists = forms.IntegerField(
        label=_("Young specialists among them (0–3 years of experience)"), min_value=0,
        max_value=MAX_HEAD_COUNT,
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

    def clean(self):
        cleaned = super().clean()
        teachers, young = cleaned.get("teachers"), cleaned.get("young_specialists")
        if teachers is not None and young is not None and young > teachers:
            self.add_error(
                "young_specialists",
                _("There cannot be more young specialists than teachers."),
            )
        return cleaned


def indicator_value_field(indicator: Indicator, *, label, required: bool) -> forms.DecimalField:
    """A number in the indicator's unit: ≥ 0, ≤ 100 for a percentage (two
    decimals), a whole number of people or items."""
    percent = indicator.unit == IndicatorUnit.PERCENT
    return forms.DecimalField(
        label=label, required=required, min_value=0,
        max_value=MAX_PERCENT if percent else MAX_VALUE,
        max_digits=8, decimal_places=2 if percent else 0, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"}),
    )


class IndicatorTargetsForm(forms.Form):
    """The organisation's targets of one indicator, one optional field per
    academic year (``year_<pk>``); an empty field removes that year's target."""

    def __init__(self, *args, indicator: Indicator, years, current: dict[int, object], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.years = list(years)
        for year in self.years:
            name = f"year_{year.pk}"
            self.fields[name] = indicator_value_field(indicator, label=year.title, required=False)
            if year.pk in current:
                self.initial[name] = current[year.pk]

    def targets(self) -> dict:
        """``{AcademicYear: Decimal | None}`` of the valid form."""
        return {year: self.cleaned_data.get(f"year_{year.pk}") for year in self.years}

    def year_fields(self):
        return [(year, self[f"year_{year.pk}"]) for year in self.years]


class IndicatorValueForm(forms.Form):
    """A hand-entered value of a manual indicator with its note and evidence
    (PDF, JPEG, PNG, DOCX or XLSX up to 10 MB, checked by content)."""

    note = forms.CharField(
        label=_("Note (where the figure comes from)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Evidence file"), required=False,
        help_text=_("PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB. Leave empty to keep the file already attached."),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "value": indicator_value_field(indicator, label=_("Value"), required=True),
            **self.fields,
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            try:
                check_evidence(upload)
            except IndicatorError as error:
                raise forms.ValidationError(error.message) from None
        return upload or None
