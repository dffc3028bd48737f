"""Forms of the pairs pages: the director's decision, a meeting, and the people
choices the matching workspace shares."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


from ..enums import MeetingType
from ..models import Meeting

# Longest list of people offered in one select; the search narrows it.
CHOICES_LIMIT = 300


def _limited_choices(qs: QuerySet, selected: list, label) -> list[tuple]:
    """At most CHOICES_LIMIT options of ``qs`` plus the already selected ones, so a
    narrowed list never drops the user's choice (two queries)."""
    shown = list(qs[:CHOICES_LIMIT])
    shown_pks = {obj.pk for obj in shown}
    wanted = [pk for pk in selected if pk and str(pk).isdigit() and int(pk) not in shown_pks]
    if wanted:
        shown += list(qs.filter(pk__in=wanted))
    return [(obj.pk, label(obj)) for obj in shown]


def mentor_label(mentor) -> str:
    participant = mentor.participant
    return _("%(name)s — %(category)s, %(free)s of %(capacity)s places free") % {
        "name": participant.short_name,
        "category": participant.get_category_display(),
        "free": max(mentor.free_capacity, 0),
        "capacity": mentor.capacity,
    }


def mentee_label(mentee) -> str:
    participant = mentee.participant
    extra = participant.study_group or participant.position or participant.get_category_display()
    return f"{participant.short_name} ({extra})"


class DecisionForm(forms.Form):
    """The director's decision on the chosen proposed pairs."""

    APPROVE = "approve"
    RETURN = "return"

    pairs = forms.ModelMultipleChoiceField(queryset=None, error_messages={
        "required": _("Choose at least one pair."),
    })
    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (RETURN, _("Return for revision"))])
    comment = forms.CharField(
        label=_("Comment for the curator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairs"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("action") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should be changed: the comment is required."))
        return data


class MeetingForm(forms.ModelForm):
    """A meeting of a pair (seed 000 6.1–6.5); saved by ``log_meeting``."""

    class Meta:
        model = Meeting
        fields = ["meeting_type", "held_on", "topic", "duration_minutes", "meeting_format", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
            has_met = pair.meetings.exists()
            self.initial.setdefault(
                "meeting_type", MeetingType.REGULAR if has_met else MeetingType.INTRODUCTORY
            )
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 1440})
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save the meeting")))
