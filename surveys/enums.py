from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyKind(models.TextChoices):
    """The questionnaires of the programme (DESIGN.md glossary, «анкета»)."""

    NEEDS = "needs", _("Needs survey")
    MENTOR_QUESTIONNAIRE = "mentor_questionnaire", _("Mentor questionnaire")
    COMPATIBILITY = "compatibility", _("Compatibility after the trial meeting")
    MEETING_FEEDBACK = "meeting_feedback", _("Feedback after a meeting")
    FINAL_SATISFACTION = "final_satisfaction", _("Final satisfaction survey")


class RespondentRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class QuestionType(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    TEXT = "text", _("Text")
    YES_NO = "yes_no", _("Yes / no")
