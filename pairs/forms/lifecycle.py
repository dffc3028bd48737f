"""Forms of ending a pair (seed 004 §7) and of the meeting-cadence list."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm

from ..enums import EndInitiative, PairStatus
from ..services.lifecycle import end_outcomes_for


class EndPairForm(forms.Form):
    """Outcome, initiative, reason and date of ending ``pair``; the page holding
    it is the confirmation (``confirm`` must be ticked). The rules are checked
    again by ``services.lifecycle.end_pair``."""

    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    initiative = forms.ChoiceField(
        label=_("On whose initiative"),
        choices=[("", "---------"), *EndInitiative.choices],
        required=False,
        help_text=_("Required when the pair is terminated early."),
    )
    reason = forms.CharField(
        label=_("Reason or summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the pair is terminated early."),
    )
    ended_on = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirm = forms.BooleanField(
        label=_("I understand that ending the pair cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            PairStatus.COMPLETED: _(
                "Completed: the personalised mentoring programme is carried out in full"
            ),
            PairStatus.TERMINATED: _(
                "Terminated early on the initiative of the mentor, the mentee or the curator"
            ),
        }
        outcomes = end_outcomes_for(pair)
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        if not self.is_bound:
            self.initial.setdefault("ended_on", timezone.localdate())
            if len(outcomes) == 1:
                self.initial.setdefault("outcome", outcomes[0])
        today = timezone.localdate()
        self.fields["ended_on"].widget.attrs["max"] = today.isoformat()
        if pair.approved_at is not None:
            self.fields["ended_on"].widget.attrs["min"] = timezone.localdate(
                pair.approved_at
            ).isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has the token

    def clean(self):
        data = super().clean()
        if data.get("outcome") == PairStatus.TERMINATED:
            if not data.get("initiative"):
                self.add_error("initiative", _("Say on whose initiative the pair is terminated."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Give the reason for terminating the pair."))
        elif data.get("outcome") == PairStatus.COMPLETED:
            data["initiative"] = ""
        return data


class CadenceFilterForm(forms.Form):
    """GET filters of the cadence list: the mentoring form and a mentor's name."""

    form = forms.ModelChoiceField(
        label=_("Mentoring form"), queryset=MentoringForm.objects.all(), required=False
    )
    q = forms.CharField(label=_("Mentor"), required=False, max_length=100)
