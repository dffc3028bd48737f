"""Forms of the order pages: the draft's text and list, the director's
return comment."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import OrderKind

LIST_LABELS = {
    OrderKind.PAIRS_APPROVAL: _("Pairs and groups waiting for approval"),
    OrderKind.MENTOR_BASE: _("Mentor candidates"),
    OrderKind.REWARDS: _("Awards of the year"),
}


class ItemsField(forms.ModelMultipleChoiceField):
    """Checkboxes of the eligible pairs, mentors or awards, labelled for people."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        from pairs.models import Pair
        from participants.models import Mentor

        if isinstance(obj, Pair):
            mentees = ", ".join(m.participant.full_name for m in obj.mentees.all())
            return "#%s · %s → %s · %s" % (obj.pk, obj.mentor.participant.full_name, mentees, obj.form.name)
        if isinstance(obj, Mentor):
            person = obj.participant
            return " · ".join(x for x in (person.full_name, person.get_category_display(), person.position) if x)
        return "%s · %s · %s" % (obj.mentor.participant.full_name, obj.get_kind_display(), obj.reason)


class AppointeeField(forms.ModelChoiceField):
    """The people of the education authority, by name (the territory curator order)."""

    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return "%s (%s)" % (name, obj.username) if name else obj.username


class OrderForm(forms.Form):
    """Title, preamble, points (one per paragraph) and, for the kinds with a
    chosen list, the checkboxes of ``eligible`` (a queryset, or None)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    preamble = forms.CharField(
        label=_("Preamble"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The grounds of the order, before «ПРИКАЗЫВАЮ:»."),
    )
    points = forms.CharField(
        label=_("Points"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One point per paragraph; they are numbered automatically."),
    )

    def __init__(self, *args, kind: str, eligible=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == OrderKind.TERRITORY_CURATOR and organization is not None:
            from .services.orders.territory_curator import eligible_appointees

            self.fields["appointee"] = AppointeeField(
                label=_("Appointed territory curator"), queryset=eligible_appointees(organization),
                help_text=_("An employee of the education authority with an account in the portal."),
            )
        if eligible is not None:
            self.fields["items"] = ItemsField(
                label=LIST_LABELS.get(kind, _("List")), queryset=eligible, required=False,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_points(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["points"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Give at least one point of the order."))
        return lines


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
