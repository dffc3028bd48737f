"""Forms of consents to the processing of personal data (152-ФЗ): recording a
consent, withdrawing one, choosing the group whose forms to print."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..data.consent_texts import CONSENT_TEXTS, current_text
from ..enums import ConsentChannel, ConsentGiver, ConsentPurpose, PersonalDataCategory


def _offered(attribute: str, enum) -> list[tuple[str, str]]:
    """Choices of every value some consent text offers, in the enum's order."""
    offered = {v for text in CONSENT_TEXTS.values() for v in getattr(text, attribute)}
    return [(value, label) for value, label in enum.choices if value in offered]


class ConsentForm(forms.Form):
    """A consent to the processing of personal data: who gave it (for a minor,
    the legal representative with the document proving it), when, how it was
    received, for which purposes and data, under which version of the text.
    The rules themselves are checked by ``services.consents.record_consent``;
    the purposes and data are preselected from the current text."""

    given_by = forms.ChoiceField(
        label=_("Given by"), choices=ConsentGiver.choices, initial=ConsentGiver.SELF,
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(
        label=_("Date"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    representative_name = forms.CharField(
        label=_("Legal representative (full name)"), max_length=300, required=False
    )
    representative_relation = forms.CharField(
        label=_("Relation (mother, father, guardian…)"), max_length=100, required=False
    )
    representative_document = forms.CharField(
        label=_("Document that proves the right to represent"), max_length=300, required=False,
        help_text=_("E.g. «свидетельство о рождении III-ЛО № 123456 от 01.02.2010» or the "
                    "guardianship decision."),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes of processing"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one purpose of processing.")},
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Personal data"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of personal data.")},
    )
    text_version = forms.ChoiceField(label=_("Version of the consent text"))
    received_via = forms.ChoiceField(
        label=_("How it was received"), choices=ConsentChannel.choices,
        initial=ConsentChannel.PAPER,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        text = current_text()
        self.fields["purposes"].choices = _offered("purposes", ConsentPurpose)
        self.fields["data_categories"].choices = _offered("data_categories", PersonalDataCategory)
        self.fields["purposes"].initial = list(text.purposes)
        self.fields["data_categories"].initial = list(text.data_categories)
        self.fields["text_version"].choices = [(v, v) for v in CONSENT_TEXTS]
        self.fields["text_version"].initial = text.version
        if participant is not None and participant.is_minor:
            self.fields["given_by"].initial = ConsentGiver.REPRESENTATIVE
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form tag and the token
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("given_by", css_class="col-md-6"),
                Div("given_on", css_class="col-md-6"),
                css_class="row",
            ),
            Fieldset(
                _("Legal representative of a minor"),
                "representative_name", "representative_relation", "representative_document",
            ),
            Div(
                Div("purposes", css_class="col-md-6"),
                Div("data_categories", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("text_version", css_class="col-md-4"),
                Div("received_via", css_class="col-md-8"),
                css_class="row",
            ),
            "note",
        )


class ConsentWithdrawForm(forms.Form):
    """The withdrawal of a consent: the date of the person's application and
    the reason (checked by ``services.consents.withdraw_consent``)."""

    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. «письменное заявление от 12.03.2026». Do not write the person's "
                    "name: the reason stays in the erasure log."),
        error_messages={"required": _("Give the reason for the withdrawal.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ConsentFormsGroupForm(forms.Form):
    """Which study group's consent forms to print (POST: queues them)."""

    group = forms.ChoiceField(label=_("Study group"))

    def __init__(self, *args, groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g, g) for g in groups]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
