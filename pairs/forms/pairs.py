"""Forms of the pairs pages: forming a pair, the director's decision, a meeting."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, MentoringKind, Programme

from ..enums import MeetingType
from ..models import Meeting
from ..selectors import mentees_for_pairing, mentors_for_pairing, name_search_q

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


class PairingFilterForm(forms.Form):
    """GET form of the «Form pairs» page: the mentoring form and list searches."""

    form = forms.ModelChoiceField(
        label=_("Mentoring form"), queryset=MentoringForm.objects.all(), required=False
    )
    mentor_q = forms.CharField(label=_("Search mentors"), required=False, max_length=100)
    mentee_q = forms.CharField(label=_("Search mentees"), required=False, max_length=100)


class PairCreateForm(forms.Form):
    """A new draft pair or group; the rules are checked by ``create_pair``."""

    form = forms.ModelChoiceField(
        label=_("Mentoring form"), queryset=MentoringForm.objects.all(), widget=forms.HiddenInput
    )
    kind = forms.ModelChoiceField(label=_("Mentoring kind"), queryset=MentoringKind.objects.all())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentees"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several mentees for a group."),
    )

    def __init__(self, *args, organization, mentoring_form, mentor_q="", mentee_q="", **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(organization=organization)
        self.fields["programme"].queryset = programmes
        if not self.is_bound:
            only = list(programmes[:2])
            if len(only) == 1:
                self.initial.setdefault("programme", only[0].pk)
        mentors = mentors_for_pairing(organization, mentoring_form)
        mentees = mentees_for_pairing(organization, mentoring_form)
        self.fields["mentor"].queryset = mentors
        self.fields["mentees"].queryset = mentees
        selected_mentor = [self.data.get("mentor") or self.initial.get("mentor")]
        selected_mentees = (
            self.data.getlist("mentees") if self.is_bound else list(self.initial.get("mentees", []))
        )
        if mentor_q:
            mentors = mentors.filter(name_search_q(mentor_q, "participant__"))
        self.fields["mentor"].widget.choices = [("", "---------")] + _limited_choices(
            mentors, selected_mentor, mentor_label
        )
        self.fields["mentees"].widget.choices = _limited_choices(
            mentees_for_pairing(organization, mentoring_form, mentee_q), selected_mentees, mentee_label
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


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
