"""Read-only questions about surveys and responses: whose forms are pending,
which response a user may fill, the one-time links of a pair."""

from typing import NamedTuple

from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from participants.models import Participant

from .enums import QuestionType
from .models import Response

_LIST_RELATED = (
    "survey",
    "meeting",
    "meeting__pair__mentor__participant",
)


def responses_of(user) -> QuerySet[Response]:
    """Responses whose respondent is the user's own participant record, with the
    survey, meeting and pair (and its mentor) joined for listing."""
    if not getattr(user, "is_authenticated", False):
        return Response.objects.none()
    return Response.objects.filter(respondent__user=user).select_related(*_LIST_RELATED)


def pending_responses_of(user) -> QuerySet[Response]:
    """The user's forms still to fill, oldest meeting first (forms without a
    meeting last, oldest first)."""
    return responses_of(user).filter(submitted_at__isnull=True).order_by(
        F("meeting__held_on").asc(nulls_last=True), "created_at", "pk"
    )


def submitted_responses_of(user) -> QuerySet[Response]:
    """The user's submitted forms, latest first."""
    return responses_of(user).filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk")


def get_response_for_respondent(user, pk: int) -> Response:
    """The response ``pk`` if the user is its respondent; Http404 for anybody
    else, curators included (they see results in aggregate, not as the
    respondent)."""
    return get_object_or_404(responses_of(user), pk=pk)


def get_response_by_token(token: str) -> Response:
    """The response of a one-time link (submitted or not); Http404 for an
    unknown or empty token."""
    if not token:
        raise Http404
    return get_object_or_404(
        Response.objects.select_related("survey", "meeting", "respondent"), token=token
    )


class PendingLink(NamedTuple):
    participant: Participant
    url: str


def pending_links_for_pair(pair) -> list[PendingLink]:
    """One-time links not yet used for the pair's meetings, newest meeting first.

    Returns ``[(participant, url)]``; ``url`` is the site-relative path of
    ``surveys:token_response`` (use ``request.build_absolute_uri(url)`` to send
    it). One query. Show it only to the pair's mentor and the curator.
    """
    rows = (
        Response.objects.filter(
            meeting__pair=pair, token__isnull=False, submitted_at__isnull=True
        )
        .select_related("respondent")
        .order_by("-meeting__held_on", "-meeting__pk", "respondent__surname", "pk")
    )
    return [
        PendingLink(r.respondent, reverse("surveys:token_response", args=[r.token])) for r in rows
    ]


def answer_rows(response: Response) -> list[dict]:
    """The response's questions with its answers, for reading.

    Returns ``[{"question": Question, "value": str}]`` in question order; the
    value is «4 из 5», «Да»/«Нет», the text, or «—» when unanswered. Two queries.
    """
    answers = {a.question_id: a for a in response.answers.all()}
    rows = []
    for question in response.survey.questions.all():
        answer = answers.get(question.pk)
        rows.append({"question": question, "value": display_answer(question, answer)})
    return rows


def display_answer(question, answer) -> str:
    """An answer as a reader sees it: «4 из 5», «Да»/«Нет», the text, or «—»
    for None."""
    if answer is None:
        return "—"
    if question.question_type == QuestionType.SCALE:
        return _("%(value)s of 5") % {"value": answer.value_int}
    if question.question_type == QuestionType.YES_NO:
        return _("Yes") if answer.value_int else _("No")
    return answer.value_text
