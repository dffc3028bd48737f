"""Forms of the mentor's digital profile, trainings, portfolio, the mentee's
requests and status, and the approval of the mentor base. They only parse the
input: the rules live in services.profiles and services.statuses, whose
ProfileError messages the views attach to the fields (``add_service_errors``)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import MenteeStatus, NeedCategory
from ..models import Mentor, MentorTraining, PortfolioItem
from ..services.profiles import (
    AGE_MAX,
    AGE_MIN,
    CAPACITY_MAX,
    CAPACITY_MIN,
    HOURS_MAX,
    HOURS_MIN,
    PROFILE_FIELDS,
    REQUEST_MAX_LENGTH,
)

FILE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(layout: Layout | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template holds the form tag and the token
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def add_service_errors(form: forms.Form, error) -> None:
    """Attach a ProfileError's messages to the form's fields (or to the form)."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _number(low: int, high: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": low, "max": high})


class MentorProfileForm(forms.Form):
    """The mentor's questionnaire (seed 000 §3.2, §4.2); the status is not here."""

    def __init__(self, *args, mentor: Mentor | None = None, **kwargs):
        if mentor is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(mentor, fields=PROFILE_FIELDS)
        super().__init__(*args, **kwargs)
        text = {"rows": 3}
        self.fields.update(fields_for_model(Mentor, fields=PROFILE_FIELDS, widgets={
            "competencies": forms.Textarea(attrs=text),
            "interests": forms.Textarea(attrs=text),
            "life_experience": forms.Textarea(attrs=text),
            "motivation": forms.Textarea(attrs=text),
            "mentee_preferences": forms.Textarea(attrs=text),
            "preferred_age_min": _number(AGE_MIN, AGE_MAX),
            "preferred_age_max": _number(AGE_MIN, AGE_MAX),
            "hours_per_month": _number(HOURS_MIN, HOURS_MAX),
            "capacity": _number(CAPACITY_MIN, CAPACITY_MAX),
        }, help_texts={
            "competencies": _("Separate items with commas: they are matched with the mentees' requests."),
            "interests": _("Hobbies and special interests, separated by commas."),
            "capacity": _("How many mentees at a time."),
            "meeting_times": _("For example: Tuesdays and Thursdays after 15:00."),
        }))
        self.helper = _helper(Layout(
            "competencies", "interests", "life_experience", "motivation", "mentee_preferences",
            Row(Column("preferred_age_min", css_class="col-md"), Column("preferred_age_max", css_class="col-md")),
            Row(Column("hours_per_month", css_class="col-md"), Column("capacity", css_class="col-md")),
            Row(Column("meeting_format", css_class="col-md"), Column("meeting_frequency", css_class="col-md")),
            "meeting_times",
        ))


class TrainingForm(forms.Form):
    """A course the mentor took, with an optional certificate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(
            MentorTraining, fields=("course", "provider", "hours", "started_on", "finished_on", "certificate"),
            widgets={
                "started_on": DATE_INPUT,
                "finished_on": DATE_INPUT,
                "hours": _number(1, 500),
                "certificate": forms.FileInput(attrs={"accept": FILE_ACCEPT}),
            },
            help_texts={"certificate": _("PDF, JPEG or PNG up to 5 MB.")},
        ))
        self.fields["hours"].label = _("Hours")
        self.fields["started_on"].label = _("Started on")
        self.fields["finished_on"].label = _("Finished on")
        self.helper = _helper(Layout(
            "course", "provider",
            Row(Column("hours", css_class="col-md"), Column("started_on", css_class="col-md"),
                Column("finished_on", css_class="col-md")),
            "certificate",
        ))


class PortfolioItemForm(forms.Form):
    """An entry of the mentor's portfolio with a link and/or a file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(
            PortfolioItem, fields=("kind", "title", "description", "year", "file"),
            widgets={
                "description": forms.Textarea(attrs={"rows": 3}),
                "year": _number(1950, timezone.localdate().year),
                "file": forms.FileInput(attrs={"accept": FILE_ACCEPT}),
            },
            help_texts={"file": _("PDF, JPEG or PNG up to 5 MB.")},
        ))
        # the service checks the address (http/https only) with a Russian message
        self.fields["link"] = forms.CharField(label=_("Link"), max_length=200, required=False)
        self.order_fields(["kind", "title", "description", "year", "link", "file"])
        self.helper = _helper(Layout(
            Row(Column("kind", css_class="col-md"), Column("year", css_class="col-md")),
            "title", "description", "link", "file",
        ))


class MenteeRequestForm(forms.Form):
    """A mentee's request with its category of need (seed 002)."""

    text = forms.CharField(label=_("Request"), max_length=REQUEST_MAX_LENGTH)
    category = forms.ChoiceField(
        label=_("Category of need"), required=False,
        choices=[("", "—"), *NeedCategory.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MenteeProfileForm(forms.Form):
    """The mentee's main category of need and the status moves a curator makes
    by hand (``statuses`` are the current status and the allowed targets)."""

    need_category = forms.ChoiceField(
        label=_("Category of need"), required=False,
        choices=[("", "—"), *NeedCategory.choices],
    )
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, MenteeStatus(s).label) for s in statuses]
        self.helper = _helper()


class MentorApprovalForm(forms.Form):
    """The order that approves the chosen candidates (seed 000 §4.1)."""

    mentors = forms.ModelMultipleChoiceField(
        queryset=Mentor.objects.none(), label=_("Candidates"),
        error_messages={"required": _("Choose at least one candidate.")},
    )
    order_number = forms.CharField(label=_("Order number"), max_length=30)
    order_date = forms.DateField(label=_("Order date"), widget=DATE_INPUT, initial=timezone.localdate)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentors"].queryset = candidates
