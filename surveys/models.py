"""Feedback forms and questionnaires: surveys, questions, responses, answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization
from participants.models import Participant

from .enums import QuestionType, RespondentRole, SurveyKind


class Survey(models.Model):
    """A questionnaire for one respondent role («анкета», «форма обратной связи»)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SurveyKind.choices)
    respondent_role = models.CharField(_("respondent"), max_length=10, choices=RespondentRole.choices)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "respondent_role"], name="one_survey_per_kind_role"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question; scale questions marked ``measures_satisfaction`` feed the
    satisfaction indicators (seed 000 §7, indicators 7 and 8)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    question_type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    required = models.BooleanField(_("required"), default=True)
    measures_satisfaction = models.BooleanField(_("measures satisfaction"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One respondent's filled (or pending) form, optionally about a meeting.

    A pending response with a ``token`` is a one-time link: it can be submitted
    once without an account.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="survey_responses",
        verbose_name=_("respondent"),
    )
    meeting = models.ForeignKey(
        "pairs.Meeting", on_delete=models.CASCADE, null=True, blank=True,
        related_name="responses", verbose_name=_("meeting"),
    )
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent", "meeting"], name="one_response_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.respondent}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value_int = models.SmallIntegerField(null=True, blank=True)
    value_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return self.value_text or str(self.value_int)
