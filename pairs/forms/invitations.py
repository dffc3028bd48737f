"""Forms of the invitations of the territory's mentor base (seed 002 items 6,
11); the rules are checked by ``services.invitations``."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, MentoringKind

from ..services.invitations import COMMENT_MAX_LENGTH, MESSAGE_MAX_LENGTH
from .pairs import mentee_label


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class InvitationForm(forms.Form):
    """A mentee of the inviting organisation (free to pair), the form, the kind
    and a message to the mentor."""

    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=None,
                                    error_messages={"required": _("Choose the mentee.")})
    form = forms.ModelChoiceField(label=_("Mentoring form"), queryset=None,
                                  error_messages={"required": _("Choose the form of mentoring.")})
    kind = forms.ModelChoiceField(label=_("Mentoring kind"), queryset=MentoringKind.objects.all(),
                                  error_messages={"required": _("Choose the kind of mentoring.")})
    message = forms.CharField(
        label=_("Message to the mentor"), required=False, max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the mentee needs, when and where you suggest meeting."),
    )

    def __init__(self, *args, mentees, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentee"].label_from_instance = mentee_label
        offered = list(listing.forms.all())
        self.fields["form"].queryset = (
            MentoringForm.objects.filter(pk__in=[f.pk for f in offered]) if offered
            else MentoringForm.objects.all()
        )
        self.helper = _helper()


class AnswerForm(forms.Form):
    """The answer's comment (required to decline)."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
