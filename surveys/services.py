"""Write actions on surveys and responses: the default questionnaires, feedback
requests after meetings and submitting answers (seed 000 §9, 5.3, 6.4, 7.1)."""

import secrets

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import Organization
from mentoring.services import log_action

from .enums import QuestionType, RespondentRole, SurveyKind
from .errors import SurveyError
from .models import Answer, Question, Response, Survey

# Longest accepted text answer, characters.
MAX_TEXT_ANSWER = 5000
SCALE_MIN, SCALE_MAX = 1, 5
_YES = {"yes", "true", "1", "да"}
_NO = {"no", "false", "0", "нет"}


def ensure_default_surveys(*, organization: Organization) -> None:
    """Create the organisation's default questionnaires that are missing
    (``surveys.data.default_surveys``: feedback after a meeting, compatibility
    after the trial meeting, final satisfaction — for mentors and for mentees).

    Idempotent: an existing survey keeps its title and questions (curators may
    have edited them); a survey left without any question gets the defaults.
    """
    from .data.default_surveys import DEFAULT_SURVEYS

    existing = {
        (s.kind, s.respondent_role): s
        for s in Survey.objects.filter(organization=organization).annotate(
            question_count=Count("questions")
        )
    }
    with transaction.atomic():
        for spec in DEFAULT_SURVEYS:
            survey = existing.get((spec["kind"], spec["respondent_role"]))
            if survey is not None and survey.question_count:
                continue
            if survey is None:
                survey, _created = Survey.objects.get_or_create(
                    organization=organization, kind=spec["kind"],
                    respondent_role=spec["respondent_role"], defaults={"title": spec["title"]},
                )
            Question.objects.bulk_create(
                Question(survey=survey, position=position, **question)
                for position, question in enumerate(spec["questions"], start=1)
            )


def feedback_kind_for(meeting) -> str:
    """The questionnaire a meeting asks for: the trial meeting checks the pair's
    psychological compatibility (seed 000, 5.3), every other meeting gets the
    feedback form (seed 000, 6.4)."""
    from pairs.enums import MeetingType

    if meeting.meeting_type == MeetingType.TRIAL:
        return SurveyKind.COMPATIBILITY
    return SurveyKind.MEETING_FEEDBACK


def request_meeting_feedback(meeting, *, actor) -> list[Response]:
    """Create the pending feedback responses after ``meeting`` (a pairs.Meeting).

    One response for the pair's mentor and one for each mentee, on the
    organisation's survey of ``feedback_kind_for(meeting)`` for their role
    (created by ``ensure_default_surveys`` when missing). A respondent without an
    account gets a one-time ``token`` for the link ``surveys:token_response``.
    Idempotent: responses that already exist for this meeting are returned
    unchanged, never duplicated. Returns the responses, mentor first.
    """
    pair = meeting.pair
    organization = pair.organization
    ensure_default_surveys(organization=organization)
    kind = feedback_kind_for(meeting)
    surveys = {
        s.respondent_role: s
        for s in Survey.objects.filter(organization=organization, kind=kind)
    }
    respondents = [(pair.mentor.participant, RespondentRole.MENTOR)] + [
        (mentee.participant, RespondentRole.MENTEE)
        for mentee in pair.mentees.select_related("participant").order_by("participant__surname", "pk")
    ]
    with transaction.atomic():
        # the responses this meeting already has, then the missing ones at once:
        # two queries whatever the size of the group
        existing = {
            (r.survey_id, r.respondent_id): r
            for r in Response.objects.filter(meeting=meeting, survey__in=surveys.values())
        }
        missing = [
            Response(survey=surveys[role], respondent=participant, meeting=meeting,
                     token=None if participant.user_id else secrets.token_urlsafe(32))
            for participant, role in respondents
            if (surveys[role].pk, participant.pk) not in existing
        ]
        for response in Response.objects.bulk_create(missing):
            existing[response.survey_id, response.respondent_id] = response
        responses = [existing[surveys[role].pk, participant.pk] for participant, role in respondents]
        created = len(missing)
        if created:
            log_action(
                "surveys.feedback.requested", actor=actor, organization=organization, obj=meeting,
                data={"kind": kind, "pair": pair.pk, "created": created},
            )
    return responses


def submit_response(
    response: Response, *, answers: dict[int, str | int | bool | None], actor=None
) -> Response:
    """Check and save a respondent's answers, once.

    ``answers`` maps a question's pk to the value: an integer 1–5 (or its digit
    string) for a scale, True/False (or "yes"/"no") for a yes/no question, text
    for a text question; None or "" leaves an optional question unanswered.

    - raises SurveyError (Russian message, ``errors`` per question pk) when a
      required question is unanswered, a value is out of range, a question does
      not belong to the survey, or the response was already submitted — the
      one-time link is used up after the first submission;
    - writes the answers and ``submitted_at`` in one transaction and an audit
      entry ``surveys.response.submitted`` without the answers' content.
    """
    if response.submitted_at is not None:
        raise SurveyError(_("This form has already been submitted."))
    questions = list(response.survey.questions.all())
    known = {q.pk for q in questions}
    if set(answers) - known:
        raise SurveyError(_("The answers do not match the questions of this form."))
    errors, rows = {}, []
    for question in questions:
        try:
            value = _clean_value(question, answers.get(question.pk))
        except SurveyError as exc:
            errors[question.pk] = exc.message
            continue
        if value is not None:
            rows.append(Answer(response=response, question=question, **value))
    if errors:
        raise SurveyError(_("Please correct the answers marked below."), errors=errors)
    now = timezone.now()
    with transaction.atomic():
        # The conditional update is the guard against a second submission, also
        # when two requests race.
        if not Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
            submitted_at=now
        ):
            raise SurveyError(_("This form has already been submitted."))
        Answer.objects.bulk_create(rows)
        log_action(
            "surveys.response.submitted", actor=actor, organization=response.survey.organization,
            obj=response,
            data={
                "survey": response.survey_id, "kind": response.survey.kind,
                "meeting": response.meeting_id, "via_link": bool(response.token),
                "answered": len(rows),
            },
        )
    response.submitted_at = now
    return response


def _clean_value(question: Question, raw) -> dict | None:
    """``{"value_int": …}`` or ``{"value_text": …}`` for an answer, None for an
    unanswered optional question; raises SurveyError with the reason."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if question.required:
            raise SurveyError(_("Please answer this question."))
        return None
    if question.question_type == QuestionType.SCALE:
        return {"value_int": _scale_value(raw)}
    if question.question_type == QuestionType.YES_NO:
        return {"value_int": _yes_no_value(raw)}
    text = str(raw)
    if len(text) > MAX_TEXT_ANSWER:
        raise SurveyError(
            _("Please keep the answer within %(limit)s characters.") % {"limit": MAX_TEXT_ANSWER}
        )
    return {"value_text": text}


def _scale_value(raw) -> int:
    value = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.isdigit():
        value = int(raw)
    if value is None or not SCALE_MIN <= value <= SCALE_MAX:
        raise SurveyError(
            _("Choose a value from %(min)s to %(max)s.") % {"min": SCALE_MIN, "max": SCALE_MAX}
        )
    return value


def _yes_no_value(raw) -> int:
    if isinstance(raw, bool):
        return int(raw)
    text = str(raw).lower()
    if text in _YES:
        return 1
    if text in _NO:
        return 0
    raise SurveyError(_("Answer «yes» or «no»."))
