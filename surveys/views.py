"""Pages of the feedback forms: the respondent's list, filling a response, and
the one-time link for a respondent without an account (seed 000 §9, 6.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rules.contrib.views import permission_required

from mentoring.accounts.lockout import (
    feedback_link_allowed,
    feedback_link_refusal,
    record_wrong_feedback_link,
)
from mentoring.pages import page_of

from .errors import SurveyError
from .filters import SubmittedResponseFilter
from .forms import ResponseForm
from .models import Response
from .selectors import (
    answer_rows,
    get_response_by_token,
    get_response_for_respondent,
    pending_responses_of,
    submitted_responses_of,
)
from .services import submit_response


@permission_required("surveys.fill_forms", raise_exception=True)
def my_forms(request: HttpRequest) -> HttpResponse:
    """The mentor's or mentee's forms: pending first, then the submitted ones
    (filterable by form and meeting topic); both paginated."""
    pending = page_of(request, pending_responses_of(request.user), "pending_page")
    submitted_filter = SubmittedResponseFilter(
        request.GET, queryset=submitted_responses_of(request.user)
    )
    submitted = page_of(request, submitted_filter.qs)
    return render(
        request,
        "surveys/my_forms.html",
        {"pending": pending, "submitted": submitted, "filter": submitted_filter},
    )


def response_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The logged-in respondent fills their response; a submitted one is shown
    read-only. 404 for everybody else (selector)."""
    response = get_response_for_respondent(request.user, pk)
    if response.submitted_at is not None:
        if request.method == "POST":
            messages.info(request, _("This form has already been submitted."))
        return render(
            request, "surveys/response_detail.html",
            {"response": response, "rows": answer_rows(response)},
        )
    form = _handle_form(request, response, actor=request.user)
    if form is None:
        messages.success(request, _("Thank you! Your answers have been saved."))
        return redirect("surveys:my_forms")
    return render(request, "surveys/response_fill.html", {"response": response, "form": form})


@login_not_required
@never_cache
def token_response(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: no login. Shows only the respondent's first name, the
    survey and the meeting's date and topic. A used link shows «already filled»
    (status 200) and no form; an unknown one is 404 and counts against the
    client's address: after AXES_FAILURE_LIMIT wrong tokens every link, valid
    or not, answers 429 from that address for the cool-off period."""
    if not feedback_link_allowed(request):
        return feedback_link_refusal(request)
    try:
        response = get_response_by_token(token)
    except Http404:
        record_wrong_feedback_link(request)
        raise
    context = {"response": response, "first_name": response.respondent.name}
    if response.submitted_at is not None:
        return render(request, "surveys/token_done.html", context)
    form = _handle_form(request, response, actor=request.user)
    if form is None:
        return redirect("surveys:token_response", token=token)
    return render(request, "surveys/token_fill.html", {**context, "form": form})


def _handle_form(request: HttpRequest, response: Response, *, actor) -> ResponseForm | None:
    """The form to show, or None once the answers are saved."""
    questions = response.survey.questions.all()
    if request.method != "POST":
        return ResponseForm(questions=questions)
    form = ResponseForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            submit_response(response, answers=form.answers(), actor=actor)
        except SurveyError as exc:
            form.add_survey_error(exc)
        else:
            return None
    return form
