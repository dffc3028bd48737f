"""Forms of the curator's matching workspace (seed 000 stage 5): the choice of
form, kind and programme, a matcher run, a pair added by hand, the weights of
the compatibility score, wishes and family ties.

People are offered in selects of at most ``CHOICES_LIMIT`` options, narrowed by a
search box of the page (``*_q``), like the forms of ``pairs.forms.pairs``.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mentoring.enums import KindCode
from mentoring.models import MentoringForm, MentoringKind, Programme
from participants.models import Mentee, Mentor, Participant

from ..enums import Attitude, MatchingMode, PreferenceSource
from ..models import DEFAULT_WEIGHTS, MatchingWeights
from ..selectors import mentees_for_pairing, mentors_for_pairing, name_search_q
from .pairs import _limited_choices, mentee_label, mentor_label

# Highest minimum score a curator may ask for: five weights of at most 100 points.
MAX_MIN_SCORE = 100 * len(DEFAULT_WEIGHTS)


def programmes_of(organization) -> QuerySet[Programme]:
    return Programme.objects.filter(organization=organization).order_by("-first_year__starts_on", "pk")


def default_kind() -> MentoringKind | None:
    """The traditional (one-to-one) kind, the usual choice."""
    return MentoringKind.objects.filter(code=KindCode.TRADITIONAL).first()


class WorkspaceForm(forms.Form):
    """GET form of the workspace: which form, kind and programme are worked on."""

    form = forms.ModelChoiceField(
        label=_("Mentoring form"), queryset=MentoringForm.objects.all(), required=False
    )
    kind = forms.ModelChoiceField(
        label=_("Mentoring kind"), queryset=MentoringKind.objects.all(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_of(organization)

    def selection(self) -> tuple:
        """(form or None, kind, programme or None) with the usual defaults: the
        traditional kind, the organisation's only programme."""
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or default_kind()
        programme = data.get("programme")
        if programme is None and not self.data.get("programme"):
            only = list(self.fields["programme"].queryset[:2])
            programme = only[0] if len(only) == 1 else None
        return data.get("form"), kind, programme


class RunForm(forms.Form):
    """One run of the whole-cohort matcher (issue 4, item 2)."""

    form = forms.ModelChoiceField(queryset=MentoringForm.objects.all(), widget=forms.HiddenInput)
    kind = forms.ModelChoiceField(queryset=MentoringKind.objects.all(), widget=forms.HiddenInput)
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, widget=forms.HiddenInput
    )
    mode = forms.ChoiceField(
        label=_("Goal"),
        choices=MatchingMode.choices,
        initial=MatchingMode.BEST_TOTAL,
        widget=forms.RadioSelect,
    )
    min_score = forms.FloatField(
        label=_("Minimum acceptable score, points"),
        min_value=0,
        max_value=MAX_MIN_SCORE,
        initial=0,
        help_text=_("Pairs scoring less are not proposed; 0 accepts every allowed pair."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_of(organization)
        self.fields["min_score"].widget.attrs.update({"step": "any", "min": 0, "max": MAX_MIN_SCORE})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form tag carries the token


class AddPairForm(forms.Form):
    """A pair or group the curator decides by hand (a directive assignment, seed
    000 5.5); saved locked by ``add_pair_by_hand``."""

    form = forms.ModelChoiceField(queryset=MentoringForm.objects.all(), widget=forms.HiddenInput)
    kind = forms.ModelChoiceField(label=_("Mentoring kind"), queryset=MentoringKind.objects.all())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())
    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentees"),
        queryset=Mentee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several mentees for a group."),
    )

    def __init__(self, *args, organization, mentoring_form, mentor_q="", mentee_q="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_of(organization)
        mentors = mentors_for_pairing(organization, mentoring_form)
        mentees = mentees_for_pairing(organization, mentoring_form)
        self.fields["mentor"].queryset = mentors
        self.fields["mentees"].queryset = mentees
        if mentor_q:
            mentors = mentors.filter(name_search_q(mentor_q, "participant__"))
        selected_mentor = [self.data.get("mentor") or self.initial.get("mentor")]
        selected_mentees = (
            self.data.getlist("mentees") if self.is_bound else list(self.initial.get("mentees", []))
        )
        self.fields["mentor"].widget.choices = [("", "---------")] + _limited_choices(
            mentors, selected_mentor, mentor_label
        )
        self.fields["mentees"].widget.choices = _limited_choices(
            mentees_for_pairing(organization, mentoring_form, mentee_q), selected_mentees, mentee_label
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form tag carries the token


class WeightsForm(forms.Form):
    """The five weights of the compatibility score of a programme, in points
    (0–100 each; a perfect candidate scores their sum)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in DEFAULT_WEIGHTS.items():
            self.fields[name] = forms.IntegerField(
                label=capfirst(MatchingWeights._meta.get_field(name).verbose_name),
                min_value=0,
                max_value=100,
                help_text=_("Default: %(default)d points.") % {"default": default},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form tag carries the token


def _with_roles(qs: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate ``is_mentor`` and ``is_mentee`` (the person has that profile)."""
    return qs.annotate(
        is_mentor=Exists(Mentor.objects.filter(participant=OuterRef("pk"))),
        is_mentee=Exists(Mentee.objects.filter(participant=OuterRef("pk"))),
    )


def people_of(organization, search: str = "", *, matched_only: bool = False) -> QuerySet[Participant]:
    """Participants of ``organization`` by name, annotated by :func:`_with_roles`;
    ``matched_only`` keeps those in the mentor or mentee base."""
    qs = _with_roles(Participant.objects.filter(organization=organization))
    if matched_only:
        qs = qs.filter(Q(is_mentor=True) | Q(is_mentee=True))
    if search:
        qs = qs.filter(name_search_q(search, ""))
    return qs.order_by("surname", "name", "patronymic", "pk")


def person_label(participant) -> str:
    roles = []
    if getattr(participant, "is_mentor", False):
        roles.append(str(_("mentor")))
    if getattr(participant, "is_mentee", False):
        roles.append(str(_("mentee")))
    extra = participant.study_group or participant.position or participant.get_category_display()
    text = f"{participant.full_name} ({extra})"
    return f"{text} — {', '.join(roles)}" if roles else text


class _PeopleForm(forms.Form):
    """Two participant selects, each narrowed by its own search words."""

    people_fields: tuple[str, str] = ()
    matched_only = False

    def __init__(self, *args, organization, searches: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        searches = searches or {}
        for name in self.people_fields:
            field = self.fields[name]
            field.queryset = people_of(organization, matched_only=self.matched_only)
            shown = people_of(organization, searches.get(name, ""), matched_only=self.matched_only)
            selected = [self.data.get(name) if self.is_bound else self.initial.get(name)]
            field.widget.choices = [("", "---------")] + _limited_choices(shown, selected, person_label)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form tag carries the token


class WishForm(_PeopleForm):
    """A wish of the questionnaire after the group meeting (seed 000 5.2), or a
    «not with» pair decided by the curator; checked by ``add_wish``."""

    people_fields = ("participant", "other")
    matched_only = True

    participant = forms.ModelChoiceField(label=_("Who"), queryset=Participant.objects.none())
    attitude = forms.ChoiceField(
        label=_("Wish"), choices=Attitude.choices, initial=Attitude.PREFER, widget=forms.RadioSelect
    )
    other = forms.ModelChoiceField(label=_("About whom"), queryset=Participant.objects.none())
    source = forms.ChoiceField(
        label=_("Source"), choices=PreferenceSource.choices, initial=PreferenceSource.QUESTIONNAIRE
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FamilyTieForm(_PeopleForm):
    """A parent (or legal representative) and their child; checked by
    ``add_family_tie``."""

    people_fields = ("parent", "child")

    parent = forms.ModelChoiceField(
        label=_("Parent or legal representative"), queryset=Participant.objects.none()
    )
    child = forms.ModelChoiceField(label=_("Child"), queryset=Participant.objects.none())
