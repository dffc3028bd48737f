"""Forms of the personalised mentoring programme (seed 004 appendix): the header
and one line of the plan. They only parse input; pairs.services.plans checks the
rules (3 months – 1 year, deadlines within the dates, evidence of a done mark)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PersonalPlan, PlanItem

DATE_WIDGET = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    """The header of the programme: «Пояснительная записка» and the dates."""

    class Meta:
        model = PersonalPlan
        fields = ["deficits", "goal", "tasks", "content", "expected_results", "starts_on", "ends_on"]
        widgets = {
            "deficits": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 2}),
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 10}),
            "expected_results": forms.Textarea(attrs={"rows": 8}),
            "starts_on": _date_input(),
            "ends_on": _date_input(),
        }
        help_texts = {
            "content": _("A suggestion from the model programme; change it to suit the mentee."),
            "expected_results": _("A suggestion from the model programme; change it to suit the mentee."),
            "ends_on": _("The programme lasts from 3 months to 1 year."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("deficits", "goal", "starts_on", "ends_on"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _post_clean(self):
        # The service checks the rules and saves: the form must not copy its
        # data onto the instance nor run the model's validation.
        pass


class PlanItemForm(forms.ModelForm):
    """A line of «Мероприятия по планированию, организации и содержанию
    деятельности индивидуальной работы с наставляемым», with its done mark."""

    class Meta:
        model = PlanItem
        fields = [
            "direction", "activity", "deadline", "methods", "expected_result",
            "done", "done_on", "evidence",
        ]
        labels = {"done": _("Done"), "done_on": _("Date of completion"), "evidence": _("Confirmed by")}
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 2}),
            "deadline": _date_input(),
            "methods": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "done_on": _date_input(),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "done_on": _("Today if left empty."),
            "evidence": _("Required for a done activity: a link or the product (a lesson plan, a certificate…)."),
        }

    def __init__(self, *args, plan: PersonalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = True
        self.fields["deadline"].widget.attrs.update(
            {"min": plan.starts_on.isoformat(), "max": plan.ends_on.isoformat()}
        )
        self.fields["done_on"].widget.attrs.update(
            {"min": plan.starts_on.isoformat(), "max": timezone.localdate().isoformat()}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _post_clean(self):
        # see PlanForm: the item must keep its stored values until the service
        # compares them (an item that becomes done is audited as such)
        pass
