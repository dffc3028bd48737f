"""The curator's matching workspace (seed 000 stage 5), editing part: review
and edit the drafts (lock, swap, remove, add by hand with the score shown),
send them to the director; the weights of the score, the wishes of the
questionnaire after the group meeting (5.2) and family ties. The page itself
and the matcher's runs are in ``workspace``.

Every page is for ``pairs.form_pairs`` (curator, organisation admin); objects
of another organisation answer 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from mentoring.pages import page_of
from mentoring.models import MentoringForm, MentoringKind
from mentoring.selectors import organization_or_404
from participants.models import FamilyTie, Mentee, Mentor

from ..enums import Attitude
from ..errors import PairError
from ..forms.matching import (
    AddPairForm,
    FamilyTieForm,
    WeightsForm,
    WishForm,
    default_kind,
    programmes_of,
)
from ..models import DEFAULT_WEIGHTS, MatchingPreference, MatchingWeights, Pair
from ..selectors import draft_pairs, is_staff_of, name_search_q
from ..services import matching as matching_service
from ..services.formation import delete_draft_pair, submit_pairs, suggest_mentors, suggestion_problem
from ..services.wishes import add_family_tie, add_wish, delete_family_tie, delete_wish

PERMISSION = "pairs.form_pairs"
# Most mentees whose compatibility the score panel explains at once (a group).
SCORE_MENTEES_LIMIT = 10



def _pk(value) -> int | None:
    """A primary key from a query parameter, None when it cannot be one (a
    BigAutoField holds at most 19 digits)."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


def _pks(values) -> list[int]:
    return list(dict.fromkeys(pk for pk in map(_pk, values) if pk))


def workspace_url(form=None, kind=None, programme=None) -> str:
    """The workspace's address for a form, kind and programme (objects or None)."""
    params = {
        name: obj.pk
        for name, obj in (("form", form), ("kind", kind), ("programme", programme))
        if obj is not None
    }
    url = reverse("pairs:form")
    return f"{url}?{urlencode(params)}" if params else url


def _back(request: HttpRequest) -> str:
    """The workspace page the POST came from (``next``), or the workspace."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    home = reverse("pairs:form")
    if target.startswith(home) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return home


def _points(value) -> str:
    return number_format(round(value or 0, 1), 1)


# --- The workspace --------------------------------------------------------------------


def explained(pair: Pair) -> list[tuple]:
    """``[(mentee, detail or None)]`` of a pair's members, ``detail`` being
    ``pair.score_detail["<mentee pk>"]``: ``{"total": float, "terms": [...]}``."""
    detail = pair.score_detail or {}
    return [(mentee, detail.get(str(mentee.pk))) for mentee in pair.mentees.all()]


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def submit(request: HttpRequest) -> HttpResponse:
    """Send the chosen drafts (``pair``), or every draft of the form (``all`` with
    ``form``), to the director for approval (seed 000 5.6)."""
    organization = organization_or_404(request.user)
    drafts = draft_pairs(organization)
    if request.POST.get("all"):
        form_pk = _pk(request.POST.get("form"))
        pairs = [*drafts.filter(form_id=form_pk)] if form_pk else []
    else:
        pairs = [*drafts.filter(pk__in=_pks(request.POST.getlist("pair")))]
    if not pairs:
        messages.error(request, _("Choose at least one draft pair."))
        return redirect(_back(request))
    try:
        submit_pairs(pairs, actor=request.user)
    except PairError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Sent to the director for approval: %(count)d.") % {"count": len(pairs)}
        )
    return redirect(_back(request))


def _draft_or_404(organization, pk) -> Pair:
    return get_object_or_404(draft_pairs(organization), pk=_pk(pk) or 0)


@permission_required(PERMISSION, raise_exception=True)
def delete_draft(request: HttpRequest) -> HttpResponse:
    """GET ``?pair=<pk>``: ask to confirm; POST ``pair_id``: delete the draft, its
    mentees go back to the base."""
    organization = organization_or_404(request.user)
    if request.method != "POST":
        pair = _draft_or_404(organization, request.GET.get("pair"))
        return render(request, "pairs/matching/draft_delete.html", {
            "pair": pair, "explained": explained(pair), "next": _back(request),
        })
    pair = _draft_or_404(organization, request.POST.get("pair_id"))
    try:
        delete_draft_pair(pair, actor=request.user)
    except PairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The draft pair is deleted."))
    return redirect(_back(request))


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def lock(request: HttpRequest) -> HttpResponse:
    """Lock (``lock=<pk>``) or unlock (``unlock=<pk>``) a draft: a rerun of the
    matcher keeps a locked draft."""
    organization = organization_or_404(request.user)
    locked = bool(request.POST.get("lock"))
    pair = _draft_or_404(organization, request.POST.get("lock") or request.POST.get("unlock"))
    try:
        matching_service.set_locked(pair, locked, actor=request.user)
    except PairError as error:
        messages.error(request, str(error))
    else:
        text = _("Pair #%(pk)s is locked: a rerun keeps it.") if locked else _(
            "Pair #%(pk)s is unlocked: a rerun may replace it."
        )
        messages.success(request, text % {"pk": pair.pk})
    return redirect(_back(request))


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def swap(request: HttpRequest) -> HttpResponse:
    """Two chosen one-mentee drafts (``pair``) exchange their mentees; the message
    gives their total score before and after."""
    organization = organization_or_404(request.user)
    ids = _pks(request.POST.getlist("pair"))
    if len(ids) != 2:
        messages.error(request, _("Choose exactly two one-mentee drafts to swap their mentees."))
        return redirect(_back(request))
    found = draft_pairs(organization).in_bulk(ids)
    if len(found) != 2:
        raise Http404
    pair_a, pair_b = found[ids[0]], found[ids[1]]
    before = (pair_a.score or 0) + (pair_b.score or 0)
    try:
        pair_a, pair_b = matching_service.swap_mentees(pair_a, pair_b, actor=request.user)
    except PairError as error:
        messages.error(request, str(error))
    else:
        after = (pair_a.score or 0) + (pair_b.score or 0)
        messages.success(request, _(
            "Mentees of pairs #%(a)s and #%(b)s are swapped: their score was %(before)s "
            "points, now %(after)s points."
        ) % {"a": pair_a.pk, "b": pair_b.pk, "before": _points(before), "after": _points(after)})
    return redirect(_back(request))


# --- Adding a pair by hand ------------------------------------------------------------


def _mentor_of(organization, pk) -> Mentor | None:
    """The organisation's mentor ``pk``; None without a key; Http404 outside."""
    if not _pk(pk):
        return None
    return get_object_or_404(
        Mentor.objects.select_related("participant"), participant__organization=organization, pk=pk
    )


def _mentees_of(organization, pks) -> list[Mentee]:
    """The organisation's mentees ``pks`` (at most SCORE_MENTEES_LIMIT); Http404 when
    one is not the organisation's."""
    ids = _pks(pks)[:SCORE_MENTEES_LIMIT]
    found = Mentee.objects.select_related("participant").filter(
        participant__organization=organization, pk__in=ids
    ).in_bulk()
    if len(found) != len(ids):
        raise Http404
    return [found[pk] for pk in ids]


def _explanations(mentor, mentees, *, form, programme) -> list[tuple]:
    return [
        (
            mentee,
            matching_service.explain_pair(
                mentor=mentor, mentee=mentee, form=form, programme=programme
            ),
        )
        for mentee in mentees
    ]


@permission_required(PERMISSION, raise_exception=True)
def add(request: HttpRequest) -> HttpResponse:
    """Add a pair or group by hand (a directive assignment, seed 000 5.5): ranked
    mentor suggestions for a mentee, the compatibility shown before saving; the
    draft is saved locked."""
    organization = organization_or_404(request.user)
    params = request.POST if request.method == "POST" else request.GET
    chosen = MentoringForm.objects.filter(pk=_pk(params.get("form")) or 0).first()
    if chosen is None:
        return render(request, "pairs/matching/add.html", {
            "forms": MentoringForm.objects.all(), "back": workspace_url(),
        })
    kind = MentoringKind.objects.filter(pk=_pk(params.get("kind")) or 0).first()
    programme = programmes_of(organization).filter(pk=_pk(params.get("programme")) or 0).first()
    mentor_q = request.GET.get("mentor_q", "").strip()[:100]
    mentee_q = request.GET.get("mentee_q", "").strip()[:100]
    form_kwargs = {"organization": organization, "mentoring_form": chosen,
                   "mentor_q": mentor_q, "mentee_q": mentee_q}
    suggest_for = _suggestion_mentee(organization, request.GET.get("mentee"))
    if request.method == "POST":
        add_form = AddPairForm(request.POST, **form_kwargs)
        if add_form.is_valid():
            pair = _add_by_hand(request, organization, add_form)
            if pair is not None:
                messages.success(request, _("Pair #%(pk)s is added and locked.") % {"pk": pair.pk})
                return redirect(workspace_url(chosen, pair.kind, pair.programme))
    else:
        mentee_pks = request.GET.getlist("mentees") or ([suggest_for.pk] if suggest_for else [])
        add_form = AddPairForm(initial={
            "form": chosen,
            "kind": kind or default_kind(),
            "programme": programme or _only_programme(organization),
            "mentor": request.GET.get("mentor"),
            "mentees": mentee_pks,
        }, **form_kwargs)
    context = {
        "chosen_form": chosen,
        "add_form": add_form,
        "suggest_for": suggest_for,
        "mentor_q": mentor_q,
        "mentee_q": mentee_q,
        "back": workspace_url(chosen, kind, programme),
    }
    context.update(_preview(request, organization, chosen, programme, add_form))
    if suggest_for is not None:
        context["suggestion_problem"] = suggestion_problem(suggest_for, form=chosen)
        context["suggestions"] = suggest_mentors(suggest_for, form=chosen)
    return render(request, "pairs/matching/add.html", context)


def _preview(request, organization, chosen, programme, add_form) -> dict:
    """The compatibility of the chosen mentor and mentees: those of the GET query,
    or of a valid POST that the rules refused."""
    if request.method == "POST":
        # refused by the rules: the fields are clean, the form carries the error
        data = getattr(add_form, "cleaned_data", {})
        if not (data.get("mentor") and data.get("mentees")):
            return {}
        mentor, mentees = data["mentor"], list(data["mentees"])[:SCORE_MENTEES_LIMIT]
        programme = data.get("programme")
    else:
        mentor = _mentor_of(organization, request.GET.get("mentor"))
        pks = request.GET.getlist("mentees") or [request.GET.get("mentee")]
        mentees = _mentees_of(organization, pks)
    if mentor is None or not mentees:
        return {}
    return {"score_mentor": mentor, "explanations": _explanations(
        mentor, mentees, form=chosen, programme=programme
    )}


def _only_programme(organization):
    only = list(programmes_of(organization)[:2])
    return only[0] if len(only) == 1 else None


def _suggestion_mentee(organization, pk) -> Mentee | None:
    if not _pk(pk):
        return None
    return (
        Mentee.objects.filter(participant__organization=organization, pk=pk)
        .select_related("participant")
        .prefetch_related("requests")
        .first()
    )


def _add_by_hand(request, organization, add_form: AddPairForm) -> Pair | None:
    data = add_form.cleaned_data
    try:
        return matching_service.add_pair_by_hand(
            organization=organization,
            form=data["form"],
            kind=data["kind"],
            mentor=data["mentor"],
            mentees=list(data["mentees"]),
            programme=data.get("programme"),
            actor=request.user,
        )
    except PairError as error:
        add_form.add_error(None, str(error))
        return None


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def score(request: HttpRequest) -> HttpResponse:
    """htmx partial: the compatibility of ``mentor`` with ``mentee`` (or each of
    ``mentees``) in ``form`` — the total and its terms, or why the pair is
    forbidden. People of another organisation answer 404."""
    organization = organization_or_404(request.user)
    chosen = get_object_or_404(MentoringForm, pk=_pk(request.GET.get("form")) or 0)
    programme = programmes_of(organization).filter(pk=_pk(request.GET.get("programme")) or 0).first()
    mentor = _mentor_of(organization, request.GET.get("mentor"))
    mentees = _mentees_of(
        organization, request.GET.getlist("mentees") or request.GET.getlist("mentee")
    )
    context = {"score_mentor": mentor, "explanations": []}
    if mentor is not None and mentees:
        context["explanations"] = _explanations(mentor, mentees, form=chosen, programme=programme)
    return render(request, "pairs/matching/score.html", context)


# --- Weights ----------------------------------------------------------------------------


@permission_required(PERMISSION, raise_exception=True)
def weights(request: HttpRequest) -> HttpResponse:
    """The weights of the compatibility score of a programme (``?programme=``), in
    points 0–100 each."""
    organization = organization_or_404(request.user)
    programmes = programmes_of(organization)
    params = request.POST if request.method == "POST" else request.GET
    pk = _pk(params.get("programme"))
    programme = get_object_or_404(programmes, pk=pk) if pk else programmes.first()
    weights_form = None
    if programme is not None:
        current = matching_service.weights_for(programme)
        weights_form = WeightsForm(request.POST or None, initial=current)
        if request.method == "POST" and weights_form.is_valid():
            try:
                matching_service.save_weights(
                    programme, dict(weights_form.cleaned_data), actor=request.user
                )
            except PairError as error:
                weights_form.add_error(None, str(error))
            else:
                messages.success(request, _("The weights of «%(programme)s» are saved.") % {
                    "programme": programme.title
                })
                return redirect(f"{reverse('pairs:matching_weights')}?programme={programme.pk}")
    return render(request, "pairs/matching/weights.html", {
        "programmes": programmes,
        "programme": programme,
        "weights_form": weights_form,
        "defaults": [
            (MatchingWeights._meta.get_field(name).verbose_name, value)
            for name, value in DEFAULT_WEIGHTS.items()
        ],
        "back": workspace_url(),
    })


# --- Wishes ------------------------------------------------------------------------------


def _wishes(organization, search: str, attitude: str):
    qs = MatchingPreference.objects.filter(organization=organization).select_related(
        "participant", "other", "recorded_by"
    )
    if attitude in Attitude.values:
        qs = qs.filter(attitude=attitude)
    if search:
        qs = qs.filter(name_search_q(search, "participant__") | name_search_q(search, "other__"))
    return qs.order_by("-created_at", "-pk")


@permission_required(PERMISSION, raise_exception=True)
def wishes(request: HttpRequest) -> HttpResponse:
    """Wishes of the questionnaire after the group meeting (seed 000 5.2) and the
    curator's «not with» pairs: a list with search, and a form to add one."""
    organization = organization_or_404(request.user)
    searches = {"participant": request.GET.get("who_q", ""), "other": request.GET.get("other_q", "")}
    searches = {k: v.strip()[:100] for k, v in searches.items()}
    wish_form = WishForm(request.POST or None, organization=organization, searches=searches)
    if request.method == "POST" and wish_form.is_valid():
        data = wish_form.cleaned_data
        try:
            add_wish(organization=organization, actor=request.user, **data)
        except PairError as error:
            wish_form.add_error(None, str(error))
        else:
            messages.success(request, _("The wish is recorded."))
            return redirect(request.get_full_path())
    search = request.GET.get("q", "").strip()[:100]
    attitude = request.GET.get("attitude", "")
    query = urlencode({k: v for k, v in (("q", search), ("attitude", attitude)) if v})
    return render(request, "pairs/matching/wishes.html", {
        "wish_form": wish_form,
        "page_obj": page_of(request, _wishes(organization, search, attitude)),
        "q": search,
        "attitude": attitude,
        "attitudes": Attitude.choices,
        "searches": searches,
        "query": query,
        "back": workspace_url(),
    })


def _curator_organization_or_404(request: HttpRequest):
    """The curator's organisation; Http404 for everybody else, as for an object
    that does not exist (object URLs leak nothing, CONVENTIONS.md Permissions)."""
    if not request.user.has_perm(PERMISSION):
        raise Http404
    return organization_or_404(request.user)


@login_required
def wish_delete(request: HttpRequest, wish_pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: delete the wish."""
    organization = _curator_organization_or_404(request)
    wish = get_object_or_404(
        MatchingPreference.objects.select_related("participant", "other", "organization"),
        organization=organization, pk=wish_pk,
    )
    if request.method == "POST":
        try:
            delete_wish(wish, actor=request.user)
        except PairError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The wish is deleted."))
        return redirect("pairs:matching_wishes")
    return render(request, "pairs/matching/wish_delete.html", {"wish": wish})


# --- Family ties ---------------------------------------------------------------------------


def _family_ties(organization, search: str):
    qs = FamilyTie.objects.filter(parent__organization=organization).select_related(
        "parent", "child", "recorded_by"
    )
    if search:
        qs = qs.filter(name_search_q(search, "parent__") | name_search_q(search, "child__"))
    return qs.order_by("-created_at", "-pk")


@permission_required(PERMISSION, raise_exception=True)
def family(request: HttpRequest) -> HttpResponse:
    """Parent → child ties: a parent never mentors their own child (seed 002)."""
    organization = organization_or_404(request.user)
    searches = {"parent": request.GET.get("parent_q", ""), "child": request.GET.get("child_q", "")}
    searches = {k: v.strip()[:100] for k, v in searches.items()}
    tie_form = FamilyTieForm(request.POST or None, organization=organization, searches=searches)
    if request.method == "POST" and tie_form.is_valid():
        try:
            add_family_tie(organization=organization, actor=request.user, **tie_form.cleaned_data)
        except PairError as error:
            tie_form.add_error(None, str(error))
        else:
            messages.success(request, _("The family tie is recorded."))
            return redirect(request.get_full_path())
    search = request.GET.get("q", "").strip()[:100]
    return render(request, "pairs/matching/family.html", {
        "tie_form": tie_form,
        "page_obj": page_of(request, _family_ties(organization, search)),
        "q": search,
        "searches": searches,
        "query": urlencode({"q": search}) if search else "",
        "back": workspace_url(),
    })


@login_required
def family_delete(request: HttpRequest, tie_pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: delete the family tie."""
    organization = _curator_organization_or_404(request)
    tie = get_object_or_404(
        FamilyTie.objects.select_related("parent__organization", "child"),
        parent__organization=organization, pk=tie_pk,
    )
    if request.method == "POST":
        try:
            delete_family_tie(tie, actor=request.user)
        except PairError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The family tie is deleted."))
        return redirect("pairs:matching_family")
    return render(request, "pairs/matching/family_delete.html", {"tie": tie})


# --- The slot on a pair's page ---------------------------------------------------------------


def detail_context(request, pair) -> dict:
    """The compatibility score of the pair at formation, term by term, for the
    programme staff only (``pairs/includes/detail_score.html``)."""
    if pair.score is None and not pair.score_detail:
        return {}
    if not is_staff_of(request.user, pair.organization):
        return {}
    return {"score_rows": explained(pair)}
