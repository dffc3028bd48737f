"""Write actions on the roadmap: create it from the template of the
organisation's kind (seed 000 §9 for colleges, seed 001 for schools, seed 002's
municipal level for the education authority), change an activity's status
(seed 000 §8–§9). The territory's approval of the yearly roadmap is in
``roadmap.services.approval`` (seed 002 item 5)."""

import calendar
import datetime
import json
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear, Organization
from mentoring.selectors import roles_of
from mentoring.services import log_action

from ..enums import ActivityStatus
from ..models import Activity, Roadmap, Stage

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED_FILE = DATA_DIR / "seed000_roadmap.json"
ROADMAP_TITLE = "Дорожная карта внедрения целевой модели наставничества"
# The roadmap template of each kind of organisation (issue 14): seed 000 (a
# college's roadmap), seed 001 (a school's, with its confirming documents),
# seed 002's municipal level (the territory's roadmap, 14 activities). Kinds
# without a template (enterprise, university) get no roadmap by default.
TEMPLATES = {
    OrganizationKind.COLLEGE: "seed000_roadmap.json",
    OrganizationKind.SCHOOL: "seed001_roadmap.json",
    OrganizationKind.AUTHORITY: "seed002_roadmap.json",
}
TITLES = {
    OrganizationKind.AUTHORITY: "Дорожная карта внедрения целевой модели наставничества "
    "в образовательных организациях муниципального образования",
}

# Who may create the roadmap and who may change its activities (DESIGN.md "People");
# the territory curator runs the territory's roadmap, the education authority's
# (the role exists only there).
CREATE_ROLES = {Role.CURATOR, Role.ADMIN, Role.COORDINATOR}
EDIT_ROLES = {Role.CURATOR, Role.WORKING_GROUP, Role.ADMIN, Role.COORDINATOR}

# Timing texts that name no fixed date: the activity runs all year or on demand.
_ONGOING = ("весь период", "в течение", "в соответствии", "по запросу", "по отдельному плану")
_BEFORE_DATE = re.compile(r"\bдо\s+(\d{1,2})\.(\d{1,2})\.\d{4}")
# Month names in any case the seeds use: «октябрь», «в мае», «в августе», «январь-февраль».
_MONTHS = [
    (1, r"январ"), (2, r"феврал"), (3, r"март"), (4, r"апрел"), (5, r"\bма[йяюе]\b"),
    (6, r"июн"), (7, r"июл"), (8, r"август"), (9, r"сентябр"), (10, r"октябр"),
    (11, r"ноябр"), (12, r"декабр"),
]


def deadline_for(deadline_text: str, academic_year: AcademicYear) -> datetime.date | None:
    """The date an activity is due in ``academic_year``, read from the roadmap's
    timing text («Длительность», seed 000 §9), or None when it has no fixed date.

    The academic year runs 1 September of Y to 31 August of Y+1; a month from
    September to December falls in Y, January to August in Y+1. The year written
    in the text (the roadmap's first year, 2021/2022) is ignored: the roadmap
    repeats every year.

    - «До 12.10.2021» → that day and month: 12 October of the year's autumn;
    - «Ежегодно, октябрь», «Ежегодно, в мае», «Октябрь, 2021» → the last day of
      that month (31 October Y, 31 May Y+1);
    - «Ежегодно, октябрь-ноябрь», «Январь-февраль, 2022» → the last day of the
      last month named (30 November Y, 28/29 February Y+1);
    - «Весь период», «Ежегодно, весь период», «В течение…», «В соответствии с…»,
      «По запросу», «…по отдельному плану» → None (ongoing); so is a text that
      names neither a date nor a month.

    A day past the month's end («До 29.02» in a common year) becomes its last day.
    """
    text = " ".join((deadline_text or "").lower().split())
    if not text or any(marker in text for marker in _ONGOING):
        return None
    match = _BEFORE_DATE.search(text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or day < 1:
            return None
        return _day_in_year(academic_year, month, day)
    found = [(m.start(), month) for month, pattern in _MONTHS for m in re.finditer(pattern, text)]
    if not found:
        return None
    last_month = max(found)[1]
    return _day_in_year(academic_year, last_month, 31)


def _day_in_year(academic_year: AcademicYear, month: int, day: int) -> datetime.date:
    """``day`` of ``month`` inside the academic year, clamped to the month's end."""
    first_year = academic_year.starts_on.year
    year = first_year if month >= 9 else first_year + 1
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@cache
def seed_stages() -> list[dict]:
    """The seven stages of seed 000 §9 from ``data/seed000_roadmap.json``:
    ``[{"number", "title", "task", "activities": [{"code", "title",
    "deadline_text", "responsible", "planned_result"}]}]``."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


@cache
def template_stages(kind: str) -> list[dict]:
    """The roadmap template of an organisation kind (``TEMPLATES``), in the
    shape of :func:`seed_stages`; activities may also carry
    ``confirming_document`` (seed 001). Seed 000's for a kind without one."""
    return json.loads((DATA_DIR / TEMPLATES.get(kind, SEED_FILE.name)).read_text(encoding="utf-8"))


def create_roadmap(*, organization: Organization, academic_year: AcademicYear, actor=None) -> Roadmap:
    """The organisation's roadmap for ``academic_year``, created from the
    template of its kind (``template_stages``: a college gets seed 000 §9's 7
    stages and 41 activities) when it does not exist yet, deadlines by
    ``deadline_for``, and audited once as ``roadmap.roadmap.created``.

    Idempotent: when the roadmap exists it is returned unchanged, statuses and
    evidence kept. Raises PermissionDenied when ``actor`` is given and is not a
    curator or admin of ``organization`` (or the territory curator of the
    education authority).
    """
    if actor is not None and not roles_of(actor, organization) & CREATE_ROLES:
        raise PermissionDenied(_("Only the curator can create the roadmap."))
    return build_roadmap(organization=organization, academic_year=academic_year, actor=actor)


def build_roadmap(*, organization: Organization, academic_year: AcademicYear, actor=None) -> Roadmap:
    """:func:`create_roadmap` without the role check, for the services that
    give a new organisation its defaults (``actor`` is recorded only)."""
    existing = Roadmap.objects.filter(organization=organization, academic_year=academic_year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _build_roadmap(organization, academic_year, actor)
    except IntegrityError:
        # Another request created it between our check and our insert.
        return Roadmap.objects.get(organization=organization, academic_year=academic_year)


def _build_roadmap(organization: Organization, academic_year: AcademicYear, actor) -> Roadmap:
    roadmap = Roadmap.objects.create(
        organization=organization, academic_year=academic_year,
        title=TITLES.get(organization.kind, ROADMAP_TITLE),
    )
    seed = template_stages(organization.kind)
    stages = Stage.objects.bulk_create(
        [Stage(roadmap=roadmap, number=s["number"], title=s["title"], task=s["task"]) for s in seed]
    )
    activities = [
        Activity(
            stage=stage,
            code=a["code"],
            title=a["title"],
            deadline_text=a["deadline_text"],
            deadline=deadline_for(a["deadline_text"], academic_year),
            responsible=a["responsible"],
            planned_result=a["planned_result"],
            confirming_document=a.get("confirming_document", ""),
        )
        for stage, s in zip(stages, seed, strict=True)
        for a in s["activities"]
    ]
    Activity.objects.bulk_create(activities)
    log_action(
        "roadmap.roadmap.created",
        actor=actor,
        organization=organization,
        obj=roadmap,
        data={"academic_year": academic_year.title, "stages": len(stages),
              "activities": len(activities), "template": TEMPLATES.get(organization.kind, SEED_FILE.name)},
    )
    return roadmap


def set_activity_status(activity: Activity, *, status: str, actor, evidence: str = "") -> Activity:
    """Set an activity's status (an ``ActivityStatus`` value) and, when given,
    its confirming document / evidence text.

    ``completed_on`` becomes today when the activity is done (kept when it was
    already done) and is cleared for any other status. An empty ``evidence``
    keeps the stored text. Audited as ``roadmap.activity.status_changed`` with
    ``{"from", "to", "evidence"}``; nothing is saved or audited when nothing
    changes.

    Raises PermissionDenied unless ``actor`` is a curator, working-group member
    or admin of the activity's organisation; ValidationError for an unknown status.
    """
    if status not in ActivityStatus.values:
        raise ValidationError(_("Unknown activity status: %(status)s") % {"status": status})
    organization = activity.stage.roadmap.organization
    if not roles_of(actor, organization) & EDIT_ROLES:
        raise PermissionDenied(_("Only the curator and the working group can change roadmap activities."))
    old_status = activity.status
    evidence = evidence.strip() or activity.evidence
    if status == old_status and evidence == activity.evidence:
        return activity
    activity.status = status
    activity.evidence = evidence
    if status != ActivityStatus.DONE:
        activity.completed_on = None
    elif old_status != ActivityStatus.DONE or activity.completed_on is None:
        activity.completed_on = timezone.localdate()
    with transaction.atomic():
        activity.save(update_fields=["status", "evidence", "completed_on"])
        log_action(
            "roadmap.activity.status_changed",
            actor=actor,
            organization=organization,
            obj=activity,
            data={"code": activity.code, "from": old_status, "to": status, "evidence": evidence},
        )
    return activity
