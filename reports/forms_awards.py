"""Forms of the awards pages: proposing or changing an award, and the filter
bars of the mentors' results and the award list."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .enums import AwardKind
from .services.awards import DEFAULT_SUPPLEMENT_PERCENT, AwardError

MAX_SEARCH_LENGTH = 100


class AwardForm(forms.Form):
    """Kind, what for, and the pay supplement's percentage (shown only for a pay
    supplement by ``static/js/awards.js``; seed 004 §5.2 proposes 15 %). The
    rules are the service's (``reports.services.awards.propose_award``); its
    refusals come back as field errors through :meth:`add_award_error`."""

    kind = forms.ChoiceField(label=_("Award"), choices=AwardKind.choices)
    reason = forms.CharField(
        label=_("What for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: «for the high results of the young teacher in the year»."),
    )
    supplement_percent = forms.DecimalField(
        # xgettext:no-python-format
        label=_("Pay supplement, % of the salary"),
        required=False, max_digits=5, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "100"}),
        # xgettext:no-python-format
        help_text=_("The regulation on mentoring sets 15 % of the salary."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("supplement_percent", DEFAULT_SUPPLEMENT_PERCENT)
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["data-award-kind"] = "1"
        self.fields["supplement_percent"].widget.attrs["data-pay-supplement"] = AwardKind.PAY_SUPPLEMENT
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        # The percentage is hidden for other kinds: a value left in it means nothing.
        if data.get("kind") and data["kind"] != AwardKind.PAY_SUPPLEMENT:
            data["supplement_percent"] = None
        return data

    def add_award_error(self, error: AwardError) -> None:
        """Show a refusal of the service next to its field (or above the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ResultsFilterForm(forms.Form):
    """The year and a name search of the mentors' results."""

    year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-starts_on"),
        required=False, empty_label=None,
    )
    q = forms.CharField(label=_("Mentor"), required=False, max_length=MAX_SEARCH_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Surname or name")


class AwardFilterForm(ResultsFilterForm):
    """The year, the kind and a name search of the award list."""

    kind = forms.ChoiceField(
        label=_("Award"), required=False, choices=[("", _("All kinds")), *AwardKind.choices]
    )
