"""Forms of the territory's monitoring campaigns (seed 002 items 9, 12)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .enums import MonitoringPeriod


class CampaignOpenForm(forms.Form):
    """Period, academic year and deadline of a new campaign. The deadline may not
    be in the past."""

    period = forms.ChoiceField(label=_("Period"), choices=MonitoringPeriod.choices)
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        empty_label=None,
    )
    deadline = forms.DateField(
        label=_("Deadline for the reports"), widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_deadline(self) -> datetime.date:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class SubmitForm(forms.Form):
    """The organisation's comment sent with its report (optional)."""

    comment = forms.CharField(
        label=_("Comment for the education authority"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(forms.Form):
    """What the organisation is to correct (required)."""

    comment = forms.CharField(
        label=_("What is to be corrected"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is to be corrected: the comment is required.")},
    )
