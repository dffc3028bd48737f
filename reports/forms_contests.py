"""Forms of the contest pages (seed 002 items 10, 13): the contest with its
criteria formset, the jury, the nomination, a juror's scores, the closing and
the results order's text. The rules are the services' (reports.services.
contests); their refusals come back as form errors."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ContestKind

# A realistic methodology for «Лучший наставник» (results of mentees,
# materials, events, feedback, presentation): the create form's starting point.
DEFAULT_CRITERIA = [
    {"title": "Результаты наставляемых", "weight": "3", "max_score": 10,
     "description": "Достижения наставляемых, выполнение персонализированных программ."},
    {"title": "Методические материалы наставника", "weight": "2", "max_score": 10,
     "description": "Разработки, публикации, кейсы в базе практик."},
    {"title": "Участие в мероприятиях", "weight": "1", "max_score": 10,
     "description": "Конкурсы, семинары, методические объединения."},
    {"title": "Отзывы наставляемых", "weight": "2", "max_score": 10,
     "description": "Удовлетворённость наставляемых по анкетам обратной связи."},
    {"title": "Презентация опыта", "weight": "1", "max_score": 10,
     "description": "Представление практики наставничества жюри."},
]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ContestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contest"), choices=ContestKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    announcement = forms.CharField(
        label=_("Announcement and terms"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who may be nominated, what to submit, the dates, how the jury scores."),
    )
    nominations_until = forms.DateField(label=_("Nominations until"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    judging_until = forms.DateField(label=_("Judging until"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    winners_count = forms.IntegerField(label=_("Number of prize places"), min_value=1, max_value=10,
                                       initial=3)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        self.helper = _helper()


class CriterionForm(forms.Form):
    """One row of the criteria; a row without a title is left out (the blank
    row offered for a new criterion)."""

    title = forms.CharField(label=_("Criterion"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=1000)
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2,
                                min_value=0.01, max_value=100, initial=1)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=100, initial=10)


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, min_num=1, validate_min=True, max_num=20,
    validate_max=True,
)


def criteria_from(formset) -> list:
    """The formset's criteria (deleted and empty extra forms left out) as
    ``reports.services.contests.CriterionData``."""
    from .services.contests import CriterionData

    return [
        CriterionData(title=f.cleaned_data["title"], weight=f.cleaned_data["weight"],
                      max_score=f.cleaned_data["max_score"],
                      description=f.cleaned_data.get("description", ""))
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data["title"].strip()
    ]


class JurorPickForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Staff member of the territory"), queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = _helper()


class JurorAccountForm(forms.Form):
    username = forms.CharField(label=_("Login"), max_length=150,
                               help_text=_("Latin letters, digits, dots, hyphens and underscores."))
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="account", **kwargs)
        self.helper = _helper()


class CloseForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason to close with incomplete scores"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when some jurors have not scored everything: a criterion nobody "
                    "scored counts 0."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class NominationForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, required=False)
    practice = forms.ModelChoiceField(label=_("Practice from the practice base"), queryset=None,
                                      required=False)
    statement = forms.CharField(label=_("Presentation of the nominee"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)

    def __init__(self, *args, contest, mentors, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = lambda m: m.participant.full_name
        self.fields["practice"].queryset = practices
        if contest.kind == ContestKind.BEST_MENTOR:
            self.fields["mentor"].required = True
            self.fields["practice"].help_text = _("Optional: a practice of the mentor from your base.")
        else:
            del self.fields["mentor"]
            self.fields["practice"].required = True
        self.helper = _helper()


class ScoreForm(forms.Form):
    """One score (0…max, empty: not scored yet) and a comment per criterion."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields["score_%s" % criterion.pk] = forms.IntegerField(
                label=criterion.title, required=False, min_value=0, max_value=criterion.max_score,
                initial=score.value if score else None,
                help_text=_("from 0 to %(max)s; weight %(weight)s") % {
                    "max": criterion.max_score, "weight": criterion.weight.normalize()},
            )
            self.fields["comment_%s" % criterion.pk] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        self.helper = _helper()

    def values(self) -> dict:
        return {c.pk: (self.cleaned_data.get("score_%s" % c.pk),
                       self.cleaned_data.get("comment_%s" % c.pk, ""))
                for c in self.criteria}


class ResultsOrderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    preamble = forms.CharField(label=_("Preamble"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.CharField(label=_("Points of the order"), widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("One point per line."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_points(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["points"].splitlines() if line.strip()]
