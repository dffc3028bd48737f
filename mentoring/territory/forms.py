"""Forms of the territory's organisation management (crispy-forms)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import OrganizationKind
from ..models import Organization

KIND_CHOICES = [(k, label) for k, label in OrganizationKind.choices if k != OrganizationKind.AUTHORITY]


class OrganizationForm(forms.ModelForm):
    """Type, names, director, address, city and the public page's address of
    an organisation of the territory. The model's checks run (the public
    page's address is unique); the service writes."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=KIND_CHOICES,
        help_text=_("Decides the defaults: the roadmap template, the forms of mentoring and the indicators."),
    )

    class Meta:
        model = Organization
        fields = ["kind", "name", "short_name", "director_name", "address", "city", "slug"]
        help_texts = {
            "slug": _("Latin letters, digits and hyphens (the page opens at /public/address/). May stay empty."),
            "short_name": _("As the portal's pages and documents name it, e.g. «МАОУ СОШ № 3»."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "short_name", "director_name"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_short_name(self) -> str:
        short_name = " ".join(self.cleaned_data["short_name"].split())
        others = Organization.objects.filter(short_name=short_name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another organisation already has this short name."))
        return short_name


class CuratorAccountForm(forms.Form):
    """The login and name of the organisation's first curator."""

    username = forms.CharField(
        label=_("Login"), max_length=150,
        help_text=_("Latin letters, digits and @ . + - _ ; the curator logs in with it."),
    )
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
