"""Forms of the participant pages: applicant-list upload, consent, filter bars."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    """The applicant list to preview; the file itself is checked by
    ``services.importing.preview_import``."""

    file = forms.FileField(
        label=_("Applicant list (.xlsx, .xls, .ods or .csv)"),
        help_text=_(
            "An Excel workbook with a header row: «Фамилия», «Имя», «Отчество» (or "
            "«ФИО»), «Дата рождения», «Группа», «Телефон», «E-mail», «Роль в программе», "
            "«Согласие на обработку ПДн»…"
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.xls,.ods,.csv,text/csv,application/vnd.ms-excel,"
                   "application/vnd.oasis.opendocument.spreadsheet,"
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form tag and the token
        self.helper.disable_csrf = True


def filter_helper(*fields: str) -> FormHelper:
    """A one-row GET filter bar for a django-filter form."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(
            *(Column(name, css_class="col-md") for name in fields),
            Column(Submit("", _("Show"), css_class="btn-primary mt-md-4"), css_class="col-md-auto"),
        )
    )
    return helper


from .consents import ConsentForm  # noqa: E402, F401
