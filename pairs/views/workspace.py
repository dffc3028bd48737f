"""The curator's matching workspace page and the matcher's runs (seed 000
5.1–5.6; issue 13, matching in the worker): choose form, kind and programme;
queue a run; while it is queued or running the page polls its state (htmx) and
reloads when it is over; then the drafts and the mentees left out.

Every page is for ``pairs.form_pairs`` (curator, organisation admin); a run of
another organisation answers 404. The drafts' editing lives in ``matching``.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.models import MentoringForm
from mentoring.pages import page_of
from mentoring.selectors import organization_or_404

from ..enums import ACTIVE_RUN_STATUSES, OPEN_STATUSES, MatchingRunStatus
from ..errors import PairError
from ..forms.matching import RunForm, WorkspaceForm
from ..models import MatchingRun, Pair
from ..selectors import draft_pairs
from ..services import matching as matching_service
from ..services import matching_runs
from .matching import PERMISSION, _back, _points, explained, workspace_url


@permission_required(PERMISSION, raise_exception=True)
def workspace(request: HttpRequest) -> HttpResponse:
    """The single page where the curator forms pairs: choose form, kind and
    programme; run the matcher; review the drafts; see who was left without a
    mentor and why (seed 000 5.1–5.6)."""
    organization = organization_or_404(request.user)
    selection = WorkspaceForm(request.GET or None, organization=organization)
    chosen, kind, programme = selection.selection()
    drafts = draft_pairs(organization)
    if chosen is not None:
        drafts = drafts.filter(form=chosen)
    drafts_page = page_of(request, drafts)
    for pair in drafts_page.object_list:
        pair.explained = explained(pair)
        pair.single = len(pair.explained) == 1
    query = {k: v for k, v in (("form", chosen), ("kind", kind), ("programme", programme)) if v}
    context = {
        "selection": selection,
        "chosen_form": chosen,
        "kind": kind,
        "programme": programme,
        "drafts": drafts_page,
        "query": urlencode({k: v.pk for k, v in query.items()}),
        "here": request.get_full_path(),
        "forms_count": MentoringForm.objects.count(),
    }
    if chosen is not None and kind is not None:
        context.update(_run_context(request, organization, chosen, kind, programme))
    return render(request, "pairs/matching/workspace.html", context)


def _run_context(request, organization, chosen, kind, programme) -> dict:
    run = matching_service.latest_run(organization, chosen)
    current = matching_runs.current_run(organization, chosen, kind)
    initial = {"form": chosen, "kind": kind, "programme": programme}
    if run is not None:
        initial.update(mode=run.mode, min_score=run.min_score)
    context = {
        "run": run,
        # the newest run of this form and kind when it is not the finished one
        # shown: queued or running (polled), or failed (its error)
        "job": current if current is not None and current != run else None,
        "progress": matching_runs.run_progress(current) if current is not None else None,
        "run_form": RunForm(initial=initial, organization=organization),
        "group_limit": kind.max_group_size,
        "cohort": matching_service.cohort_counts(organization, chosen),
    }
    if run is not None:
        context["paired_share"] = (
            round(100 * run.paired_count / run.mentees_count) if run.mentees_count else 0
        )
        unpaired = page_of(request, matching_service.unpaired_rows(run), "unpaired_page")
        # assigned by hand since the run: one query for the page
        placed = set(
            Pair.mentees.through.objects.filter(
                mentee_id__in=[row["mentee"].pk for row in unpaired.object_list],
                pair__status__in=OPEN_STATUSES,
            ).values_list("mentee_id", flat=True)
        )
        for row in unpaired.object_list:
            row["placed"] = row["mentee"].pk in placed
        context["unpaired"] = unpaired
    return context


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def run(request: HttpRequest) -> HttpResponse:
    """Queue the whole-cohort matcher for the chosen form and kind (unlocked
    drafts of the form and kind are replaced, locked ones kept; issue 4, item 2)
    and go back to the workspace, which shows the run's progress and then its
    result. A run already queued or running for the form and kind is shown
    instead of starting a second one."""
    organization = organization_or_404(request.user)
    run_form = RunForm(request.POST, organization=organization)
    if not run_form.is_valid():
        for errors in run_form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_back(request))
    data = run_form.cleaned_data
    try:
        job, created = matching_runs.request_matching(
            organization=organization,
            form=data["form"],
            kind=data["kind"],
            programme=data.get("programme"),
            mode=data["mode"],
            min_score=data["min_score"],
            actor=request.user,
        )
    except (PairError, BackgroundUnavailable) as error:
        messages.error(request, str(error))
    else:
        job.refresh_from_db()  # done already when the task ran eagerly
        _job_message(request, job, created)
    return redirect(workspace_url(data["form"], data["kind"], data.get("programme")))


def _job_message(request, job: MatchingRun, created: bool) -> None:
    if job.status == MatchingRunStatus.DONE:
        messages.success(request, _run_message(job))
    elif job.status == MatchingRunStatus.FAILED:
        messages.error(request, job.error)
    elif created:
        messages.info(request, _("Matching is queued: the result will appear on this page."))
    else:
        messages.info(request, _(
            "Matching of this form and kind is already in progress: its result will appear "
            "on this page."
        ))


def _run_message(result) -> str:
    return _(
        "Matching done: %(paired)d of %(mentees)d mentees paired with %(mentors)d mentors, "
        "total score %(total)s points, locked pairs kept: %(locked)d, time %(ms)d ms."
    ) % {
        "paired": result.paired_count,
        "mentees": result.mentees_count,
        "mentors": result.mentors_count,
        "total": _points(result.total_score),
        "locked": result.locked_count,
        "ms": result.duration_ms,
    }


def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx fragment polled while run ``pk`` is queued or running; once it is
    over, an empty answer with ``HX-Refresh`` reloads the workspace, which then
    shows the result (or the error). 404 to anyone who may not form pairs, as
    for a run that does not exist (object URLs leak nothing)."""
    if not request.user.has_perm(PERMISSION):
        raise Http404
    organization = organization_or_404(request.user)
    job = get_object_or_404(
        MatchingRun.objects.select_related("kind", "created_by"), organization=organization, pk=pk
    )
    if request.method != "GET":  # after the lookup: a stranger's run answers 404 to POST too
        return HttpResponseNotAllowed(["GET"])
    if job.status not in ACTIVE_RUN_STATUSES:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request, "pairs/matching/includes/run_progress.html",
        {"job": job, "progress": matching_runs.run_progress(job)},
    )
