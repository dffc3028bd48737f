"""Forms of the roadmap page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ActivityStatus
from .models import Activity


class ActivityStatusForm(forms.Form):
    """An activity's status and confirming document, one small form per table row."""

    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    evidence = forms.CharField(
        label=_("Confirming document / evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Confirming document, e.g. order No. 12")}),
    )

    def __init__(self, *args, activity: Activity | None = None, **kwargs):
        if activity is not None:
            kwargs.setdefault("initial", {"status": activity.status, "evidence": activity.evidence})
            kwargs.setdefault("auto_id", f"id_a{activity.pk}_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_show_labels = False
        self.helper.layout = Layout(
            Field("status", css_class="form-select-sm", wrapper_class="mb-1"),
            Field("evidence", css_class="form-control-sm", wrapper_class="mb-1"),
        )
