"""The manual column mapping of an applicant list whose header was not
recognised (issue 3, item 2)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def column_letter(index: int) -> str:
    """0 → «A», 25 → «Z», 26 → «AA» (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ColumnMappingForm(forms.Form):
    """``header_row``: the row number of the titles; ``col_<i>``: the field of
    column i (blank: not imported); ``remember_as``: a name to save the mapping
    for files with the same titles. ``cleaned_data["columns"]`` = {field: index}."""

    header_row = forms.TypedChoiceField(label=gettext_lazy("Header row"), coerce=int)
    remember_as = forms.CharField(
        label=gettext_lazy("Remember this mapping as"), max_length=200, required=False,
        help_text=gettext_lazy(
            "Give it a name, e.g. «Заявки студентов (форма приёмной комиссии)», and files with "
            "the same column titles will be read this way next time."
        ),
    )

    def __init__(self, *args, rows: list[tuple[int, list[str]]], width: int,
                 fields: list[tuple[str, str]], initial_columns: dict[str, int],
                 header_row: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.width = width
        self.fields["header_row"].choices = [
            (number, _("Row %(row)s: %(text)s") % {
                "row": number, "text": " · ".join(t for t in cells if t)[:80] or "—"})
            for number, cells in rows
        ]
        self.fields["header_row"].initial = header_row
        by_index = {index: name for name, index in initial_columns.items()}
        header = dict(rows).get(header_row, [])
        choices = [("", _("— do not import —"))] + [(name, str(label)) for name, label in fields]
        for index in range(width):
            title = header[index] if index < len(header) and header[index] else ""
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s") % {"letter": column_letter(index)}
                + (f" «{title}»" if title else ""),
                choices=choices, required=False, initial=by_index.get(index, ""),
            )

    def column_fields(self):
        return [self[f"col_{index}"] for index in range(self.width)]

    def clean(self):
        data = super().clean()
        columns: dict[str, int] = {}
        for index in range(self.width):
            name = data.get(f"col_{index}")
            if not name:
                continue
            if name in columns:
                raise forms.ValidationError(
                    _("Columns %(first)s and %(second)s are both mapped to «%(field)s»; "
                      "a field takes one column.") % {
                        "first": column_letter(columns[name]), "second": column_letter(index),
                        "field": dict(self.fields[f"col_{index}"].choices)[name]}
                )
            columns[name] = index
        if not columns:
            raise forms.ValidationError(_("Map at least the name columns."))
        data["columns"] = columns
        return data
