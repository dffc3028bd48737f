"""Forms of the territory's approval of the organisations' roadmaps."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE, RETURN = "approve", "return"


class ReviewForm(forms.Form):
    """The territory curator's decision on a submitted roadmap: approve (the
    comment is optional) or return for revision (the comment is required)."""

    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(APPROVE, _("Approve the roadmap")), (RETURN, _("Return it for revision"))],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the roadmap is returned: say what should be revised."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("decision") == RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should be revised: the comment is required."))
        return data
