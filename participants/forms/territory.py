"""Forms of the territory's mentor base (seed 002 items 6, 7, 11). The rules are
checked by ``services.territory_base``; these only collect the input."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.enums import OrganizationKind
from mentoring.models import MentoringForm

from ..enums import ConsentChannel
from ..services.territory_base import ABOUT_MAX_LENGTH, SPECIALIST_KINDS


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template holds the form tag and the token
    helper.disable_csrf = True
    return helper


def mentor_forms(category: str | None = None):
    """Forms of mentoring admitting ``category`` as mentor (all without one)."""
    qs = MentoringForm.objects.order_by("name")
    if category is None:
        return qs
    return qs.filter(pk__in=[f.pk for f in qs if category in f.mentor_categories])


class ListingForm(forms.Form):
    """The mentor's entry: the forms offered and «о себе» for other organisations;
    ``ask_consent`` adds the mentor's own electronic consent (their profile page)."""

    offered_forms = forms.ModelMultipleChoiceField(
        label=_("Forms of mentoring offered"), queryset=MentoringForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one form of mentoring the mentor offers.")},
    )
    about = forms.CharField(
        label=_("About the mentor, for other organisations"), required=False,
        max_length=ABOUT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Experience and what the mentor can help with. Do not write contacts: "
                    "other organisations write through the portal."),
    )
    consent = forms.BooleanField(
        label=_("I consent to the listing of my name, organisation, position, competencies and "
                "forms of mentoring in the territory's mentor base"),
        required=False,
    )

    def __init__(self, *args, category: str, ask_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_forms"].queryset = mentor_forms(category)
        if ask_consent:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Without the consent the entry cannot be published.")
        else:
            del self.fields["consent"]
        self.helper = _helper()


class SpecialistForm(forms.Form):
    """A specialist of an enterprise or a university registered by the territory
    curator (seed 002 item 11)."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False,
        empty_label=_("— a new organisation —"),
    )
    new_organization_name = forms.CharField(
        label=_("Name of a new organisation"), max_length=500, required=False
    )
    new_organization_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[(k.value, k.label) for k in SPECIALIST_KINDS], initial=OrganizationKind.ENTERPRISE,
    )
    surname = forms.CharField(label=_("Surname"), max_length=100)
    name = forms.CharField(label=_("Name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    competencies = forms.CharField(
        label=_("Professional competencies"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(label=_("Capacity, mentees"), min_value=1, max_value=10, initial=1)
    offered_forms = forms.ModelMultipleChoiceField(
        label=_("Forms of mentoring offered"), queryset=MentoringForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one form of mentoring the mentor offers.")},
    )
    about = forms.CharField(
        label=_("About the mentor, for other organisations"), required=False,
        max_length=ABOUT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given_on = forms.DateField(
        label=_("Date of the signed consents"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The specialist signs two forms: the consent to take part in the programme "
                    "and the consent to the listing in the territory's mentor base."),
    )
    consent_received_via = forms.ChoiceField(
        label=_("How they were received"), choices=ConsentChannel.choices,
        initial=ConsentChannel.PAPER,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["offered_forms"].queryset = mentor_forms("employer_rep")
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not (data.get("new_organization_name") or "").strip():
            self.add_error("new_organization_name", _(
                "Choose the specialist's organisation or type the name of a new one."))
        return data
