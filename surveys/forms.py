"""The form a respondent fills, built from the survey's questions."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import QuestionType
from .errors import SurveyError
from .services import MAX_TEXT_ANSWER, SCALE_MAX, SCALE_MIN

SCALE_CHOICES = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class ResponseForm(forms.Form):
    """One field per question: ``q_<pk>``. A scale is a 1–5 radio, yes/no a
    radio, text a textarea; ``answers()`` gives what ``submit_response`` takes."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        layout = []
        for question in self.questions:
            name = self.field_name(question.pk)
            self.fields[name] = self._field_for(question)
            if question.question_type == QuestionType.TEXT:
                layout.append(Field(name))
            else:
                layout.append(InlineRadios(name))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)
        self.helper.add_input(Submit("submit", _("Send answers")))

    @staticmethod
    def field_name(question_pk: int) -> str:
        return f"q_{question_pk}"

    @staticmethod
    def _field_for(question) -> forms.Field:
        common = {"label": question.text, "required": question.required}
        if question.question_type == QuestionType.SCALE:
            return forms.ChoiceField(
                choices=SCALE_CHOICES, widget=forms.RadioSelect,
                help_text=_("1 — not at all, 5 — completely"), **common,
            )
        if question.question_type == QuestionType.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT_ANSWER, **common
        )

    def answers(self) -> dict[int, str | int | bool | None]:
        """The cleaned answers keyed by question pk (None when left empty)."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question.pk)) or None
            if value is not None and question.question_type == QuestionType.SCALE:
                value = int(value)
            elif value is not None and question.question_type == QuestionType.YES_NO:
                value = value == "yes"
            result[question.pk] = value
        return result

    def add_survey_error(self, error: SurveyError) -> None:
        """Show a service's refusal on the fields it names, or on the form."""
        if not error.errors:
            self.add_error(None, error.message)
        for pk, message in error.errors.items():
            self.add_error(self.field_name(pk), message)
