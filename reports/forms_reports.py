"""The form that asks for a report: the academic year and which report (seed 000
7.2/7.7 annual report; seed 002 December and May monitoring)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .enums import ORGANIZATION_REPORT_KINDS


class ReportBuildForm(forms.Form):
    """Academic year and kind of the report to build; the page offers one submit
    button per kind (``name="kind"``)."""

    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=None,
    )
    kind = forms.ChoiceField(label=_("Report"), choices=[(k.value, k.label) for k in ORGANIZATION_REPORT_KINDS])
