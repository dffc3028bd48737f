"""The contest pages of organisations and jurors (seed 002 items 10, 13).

Organisations (curator, director of a school or college of a territory): the
territory's contests, their own nominations (places once the results are
signed), nominating (curator) and withdrawing before judging. Jurors: their
contests, the nominations with their own scores only («не оценивается:
конфликт интересов» for their own organisation's), the scoring page with the
nominee's portfolio and trainings. A juror account sets its password through
a one-time link. Anything else answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors_contests as selectors
from ..enums import ContestKind, ContestStage, NominationStatus
from ..forms_contests import NominationForm, ScoreForm
from ..services import contests as service


# --- organisations ---------------------------------------------------------------------------


def org_contest_list(request: HttpRequest) -> HttpResponse:
    """The contests of the organisation's territory."""
    organization = selectors.contest_organization_or_404(request.user)
    contests = list(selectors.contests_for_organization(organization))
    own = {}
    for nomination in organization.nominations.filter(contest__in=contests,
                                                      status=NominationStatus.SUBMITTED):
        own[nomination.contest_id] = own.get(nomination.contest_id, 0) + 1
    rows = [{"contest": c, "own": own.get(c.pk, 0)} for c in contests]
    return render(request, "reports/contests/org_contest_list.html",
                  {"organization": organization, "rows": rows})


def org_contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A contest's terms and criteria, the organisation's own nominations (with
    their place once the results are signed) and, after the results, the
    winners."""
    contest, organization = selectors.get_contest_for_organization(request.user, pk)
    nominations = list(selectors.contest_nominations(contest).filter(organization=organization))
    return render(request, "reports/contests/org_contest_detail.html", {
        "contest": contest, "organization": organization, "criteria": list(contest.criteria.all()),
        "nominations": nominations,
        "show_places": contest.stage == ContestStage.RESULTS,
        "winners": selectors.contest_results(contest),
        "may_nominate": contest.stage == ContestStage.NOMINATIONS
        and request.user.has_perm("reports.nominate"),
        "may_withdraw": contest.stage in (ContestStage.ANNOUNCED, ContestStage.NOMINATIONS)
        and request.user.has_perm("reports.nominate"),
    })


def _nominees(organization):
    from participants.enums import MentorStatus
    from participants.models import Mentor

    from ..models import Practice

    mentors = Mentor.objects.filter(
        participant__organization=organization, participant__anonymised_at__isnull=True,
        status__in=(MentorStatus.APPROVED, MentorStatus.TRAINED),
    ).select_related("participant").order_by("participant__surname", "participant__name")
    practices = Practice.objects.filter(organization=organization).order_by("title")
    return mentors, practices


def nomination_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate a mentor (with a presentation and optionally a practice) or a
    practice of the organisation (curator)."""
    contest, organization = selectors.get_contest_for_organization(request.user, pk)
    if not request.user.has_perm("reports.nominate"):
        raise PermissionDenied
    if contest.stage != ContestStage.NOMINATIONS:
        messages.error(request, _("The contest does not take nominations now."))
        return redirect("reports:org_contest_detail", pk=contest.pk)
    mentors, practices = _nominees(organization)
    form = NominationForm(request.POST or None, contest=contest, mentors=mentors, practices=practices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.nominate(contest, organization=organization, actor=request.user,
                             mentor=data.get("mentor"), practice=data.get("practice"),
                             statement=data["statement"])
        except service.ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The nomination is submitted."))
            return redirect("reports:org_contest_detail", pk=contest.pk)
    return render(request, "reports/contests/nomination_form.html", {
        "contest": contest, "form": form, "is_mentor_contest": contest.kind == ContestKind.BEST_MENTOR,
    })


def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the organisation's nomination before judging (curator)."""
    nomination = selectors.get_nomination_for_organization(request.user, pk)
    if not request.user.has_perm("reports.nominate"):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service.withdraw_nomination(nomination, actor=request.user)
    except service.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The nomination is withdrawn."))
    return redirect("reports:org_contest_detail", pk=nomination.contest_id)


# --- jurors ---------------------------------------------------------------------------------------


def jury_list(request: HttpRequest) -> HttpResponse:
    """The contests on whose jury the user sits."""
    return render(request, "reports/contests/jury_list.html",
                  {"seats": list(selectors.juror_contests(request.user))})


def jury_contest(request: HttpRequest, pk: int) -> HttpResponse:
    """The nominations the juror scores, with their own progress; after the
    closing, the ranking."""
    juror = selectors.get_juror(request.user, pk)
    contest = juror.contest
    criteria_count = contest.criteria.count()
    return render(request, "reports/contests/jury_contest.html", {
        "juror": juror, "contest": contest, "rows": selectors.jury_rows(juror),
        "criteria_count": criteria_count,
        "ranking": list(selectors.contest_nominations(contest).filter(
            status=NominationStatus.SUBMITTED)) if contest.stage in selectors.REVEALED_STAGES else [],
    })


def jury_score(request: HttpRequest, pk: int) -> HttpResponse:
    """Score one nomination (``pk``): the nominee's presentation, practice,
    trainings and portfolio, and a score with a comment per criterion. Only
    the juror's own scores are shown; a nomination of the juror's own
    organisation is refused."""
    nomination, juror = selectors.get_nomination_for_juror(request.user, pk)
    contest = nomination.contest
    conflict = service.is_conflicted(juror, nomination)
    criteria = list(contest.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria,
                     scores=selectors.own_scores(juror, nomination))
    editable = contest.stage == ContestStage.JUDGING and not conflict
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Not scored: conflict of interest (the nominee is from your organisation).")
                           if conflict else _("Scores are given only while the contest is being judged."))
            return redirect("reports:jury_contest", pk=contest.pk)
        if form.is_valid():
            try:
                service.save_scores(nomination, juror=juror, actor=request.user, values=form.values())
            except service.ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("reports:jury_contest", pk=contest.pk)
    return render(request, "reports/contests/jury_score.html", {
        "juror": juror, "contest": contest, "nomination": nomination, "form": form,
        "conflict": conflict, "editable": editable,
        "dossier": None if conflict else selectors.nominee_dossier(nomination),
        "label": service.nomination_label(nomination),
    })
