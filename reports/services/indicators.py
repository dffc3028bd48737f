"""Indicators against targets — the writes: the library of seed 000 §7 (8
efficiency indicators of the target model) and seed 003 (13 performance and 6
efficiency indicators), the indicators an organisation picks with its targets
per academic year, the head counts that are the denominators of the shares,
hand-entered values with evidence, and the values recorded at the annual
report for the trend.

The reads live beside it: ``indicator_facts`` (who counts as in the programme,
the facts grouped by organisation) and ``indicator_rows`` (the computations,
the table of one or many organisations, the trend); their public names are
importable from here too, where views, reports and tests have found them.

Seed 003 gives calendar years 2020–2024; a target of year Y is kept for the
academic year «Y/Y+1» (``reports.data.indicators_seed003``).
"""

import datetime
import os
import uuid
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action
from mentoring.uploads import document_kind

from ..enums import IndicatorMethod, IndicatorUnit
from ..models import (
    HeadCount,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OrganizationIndicator,
)
from .indicator_facts import (  # noqa: F401  (re-exported)
    CHILD_MENTEE_AGES,
    CHILD_MENTOR_AGES,
    COUNTED_PAIR,
    NEEDING_MENTEE_STATUSES,
    ONE_DECIMAL,
    SCALE_MAX,
    TEACHER_CATEGORIES,
    born_aged,
    counted_pairs,
    percent,
    year_bounds,
)
from .indicator_rows import (  # noqa: F401  (re-exported)
    COMPUTATIONS,
    NEAR_TARGET,
    NO_ANSWERS,
    NO_HEAD_COUNT,
    NO_MENTEE_BASE,
    NO_VALUE,
    NOTES,
    IndicatorRow,
    TrendSeries,
    compute_indicator,
    indicator_table,
    indicator_tables,
    indicator_trend,
    lower_is_better,
    picked_indicators,
    satisfaction_summary,
    traffic_light,
)

MAX_PERCENT = Decimal(100)
MAX_VALUE = Decimal("999999.99")  # DecimalField(max_digits=8, decimal_places=2)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

class IndicatorError(ValueError):
    """Input the indicator services refuse; ``message`` is shown to users as is
    (translated)."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


# --- writes -------------------------------------------------------------------


def _academic_years(titles: Iterable[str]) -> dict[str, AcademicYear]:
    """``{title: AcademicYear}`` for «2021/2022»-style titles, the missing years
    created (1 Sep – 31 Aug): one read and one bulk insert at most."""
    titles = sorted(set(titles))
    years = {year.title: year for year in AcademicYear.objects.filter(title__in=titles)}
    missing = [
        AcademicYear(title=title, starts_on=datetime.date(int(title.split("/")[0]), 9, 1),
                     ends_on=datetime.date(int(title.split("/")[0]) + 1, 8, 31))
        for title in titles if title not in years
    ]
    if missing:
        AcademicYear.objects.bulk_create(missing, ignore_conflicts=True)
        years.update({year.title: year for year in AcademicYear.objects.filter(
            title__in=[year.title for year in missing])})
    return years


def _target_title(key: str) -> str:
    """A ``default_targets`` key as an academic-year title: «2021/2022» stays, a
    calendar year «2021» becomes «2021/2022» (seed 003)."""
    key = str(key)
    if "/" in key:
        return key
    return f"{int(key)}/{int(key) + 1}"


LIBRARY_FIELDS = (
    "title", "group", "indicator_type", "unit", "method", "base_value", "base_year",
    "default_targets", "source", "position",
)


def _library_values(spec: dict) -> dict:
    base = spec.get("base_value")
    return {
        "title": spec["title"],
        "group": spec["group"],
        "indicator_type": spec.get("indicator_type", ""),
        "unit": spec["unit"],
        "method": spec["method"],
        "base_value": None if base is None else Decimal(base),
        "base_year": spec.get("base_year", ""),
        "default_targets": {title: spec["targets"][title] for title in spec["targets"]},
        "source": spec["source"],
        "position": spec["position"],
    }


def ensure_library() -> list[Indicator]:
    """Create or refresh the library: the 8 indicators of seed 000 §7 and the
    13 performance + 6 efficiency indicators of seed 003, by ``code``.

    Idempotent: missing indicators are created; existing ones get the seed's
    title, group, type, unit, method, base value and year, targets and source
    if they differ (the seed is the source of the library). Organisations'
    picks, targets and values are not touched. Returns the library in order.
    Three queries at most (read, bulk create, bulk update).
    """
    from ..data import library

    specs = library()
    with transaction.atomic():
        existing = {i.code: i for i in Indicator.objects.filter(code__in=[s["code"] for s in specs])}
        new, changed = [], []
        for spec in specs:
            values = _library_values(spec)
            indicator = existing.get(spec["code"])
            if indicator is None:
                new.append(Indicator(code=spec["code"], **values))
                continue
            if any(getattr(indicator, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(indicator, name, value)
                changed.append(indicator)
        if new:
            Indicator.objects.bulk_create(new)
        if changed:
            Indicator.objects.bulk_update(changed, list(LIBRARY_FIELDS))
    return list(Indicator.objects.filter(code__in=[s["code"] for s in specs]).order_by("position", "pk"))


def _copy_targets(organization: Organization, indicators: list[Indicator]) -> int:
    """Add the library's targets of ``indicators`` the organisation lacks;
    existing targets (possibly edited) are never overwritten."""
    years = _academic_years(_target_title(key) for i in indicators for key in (i.default_targets or {}))
    existing = set(
        IndicatorTarget.objects.filter(
            organization=organization, indicator__in=indicators
        ).values_list("indicator_id", "academic_year_id")
    )
    new = []
    for indicator in indicators:
        for key, value in (indicator.default_targets or {}).items():
            year = years[_target_title(key)]
            if (indicator.pk, year.pk) in existing:
                continue
            existing.add((indicator.pk, year.pk))
            new.append(IndicatorTarget(
                organization=organization, indicator=indicator, academic_year=year,
                value=Decimal(str(value)),
            ))
    if new:
        IndicatorTarget.objects.bulk_create(new)
    return len(new)


def pick_indicators(
    organization: Organization, indicators: Iterable[Indicator], actor=None
) -> list[OrganizationIndicator]:
    """The organisation picks ``indicators`` of the library for its programme.

    For each: an OrganizationIndicator is recorded (base value copied from the
    library; position = the library's), unless already picked, and the
    library's yearly targets are copied into the organisation's
    IndicatorTargets — academic years are created as needed (1 Sep–31 Aug),
    existing targets are never overwritten. Audited as
    ``reports.indicators.picked`` (codes and targets added). Returns the newly
    created picks.
    """
    indicators = list(indicators)
    if not indicators:
        return []
    with transaction.atomic():
        picked = set(
            OrganizationIndicator.objects.filter(
                organization=organization, indicator__in=indicators
            ).values_list("indicator_id", flat=True)
        )
        new = [
            OrganizationIndicator(
                organization=organization, indicator=indicator,
                base_value=indicator.base_value, position=indicator.position,
            )
            for indicator in indicators
            if indicator.pk not in picked
        ]
        if new:
            OrganizationIndicator.objects.bulk_create(new)
        added_targets = _copy_targets(organization, indicators)
        if new or added_targets:
            log_action(
                "reports.indicators.picked",
                actor=actor,
                organization=organization,
                data={"codes": [choice.indicator.code for choice in new], "targets": added_targets},
            )
    return new


def unpick_indicator(organization: Organization, indicator: Indicator, actor=None) -> bool:
    """The organisation stops following ``indicator``: its pick is deleted so it
    leaves the indicators page, the dashboard and the reports. Its targets and
    values (with evidence) are kept and come back if it is picked again.
    Returns False when it was not picked. Audited as
    ``reports.indicators.unpicked`` with the number of values kept."""
    with transaction.atomic():
        deleted, _rows = OrganizationIndicator.objects.filter(
            organization=organization, indicator=indicator
        ).delete()
        if not deleted:
            return False
        kept = IndicatorValue.objects.filter(organization=organization, indicator=indicator).count()
        log_action(
            "reports.indicators.unpicked",
            actor=actor,
            organization=organization,
            obj=indicator,
            data={"code": indicator.code, "values_kept": kept},
        )
    return True


def ensure_indicators(*, organization: Organization, actor=None) -> None:
    """Load the library (``ensure_library``) and pick the eight indicators of
    seed 000 §7 for the organisation with its targets for 2021/2022–2025/2026
    (academic years are created as needed, 1 Sep–31 Aug).

    Idempotent: existing picks and targets — including targets a curator
    changed — are left as they are; only missing rows are added.
    """
    from ..data.indicators_seed000 import INDICATORS

    codes = [spec["code"] for spec in INDICATORS]
    with transaction.atomic():
        library = {indicator.code: indicator for indicator in ensure_library()}
        pick_indicators(organization, [library[code] for code in codes], actor)


def validate_indicator_value(indicator: Indicator, value) -> Decimal:
    """``value`` as a Decimal with two decimals in the indicator's unit, or
    IndicatorError: not a number, negative, above 100 for a percentage, or
    above the largest storable value; people and items are whole numbers."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise IndicatorError(_("Enter a number.")) from None
    if not number.is_finite():
        raise IndicatorError(_("Enter a number."))
    if number < 0:
        raise IndicatorError(_("The value cannot be negative."))
    if indicator.unit == IndicatorUnit.PERCENT and number > MAX_PERCENT:
        raise IndicatorError(_("A percentage cannot be above 100."))
    if number > MAX_VALUE:
        raise IndicatorError(_("The value is too large."))
    if indicator.unit != IndicatorUnit.PERCENT and number != number.to_integral_value():
        raise IndicatorError(_("Enter a whole number of people or items."))
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def set_indicator_targets(
    *,
    organization: Organization,
    indicator: Indicator,
    targets: dict[AcademicYear, object],
    actor,
) -> int:
    """Set the organisation's targets of ``indicator`` per academic year:
    ``targets`` maps a year to a value in the indicator's unit (validated as
    ``validate_indicator_value``) or None/"" to remove that year's target.
    All values are checked before anything is written (IndicatorError naming
    the year otherwise). Audited as ``reports.indicator_targets.set`` with the
    old and new values. Returns the number of targets changed."""
    cleaned: dict[AcademicYear, Decimal | None] = {}
    for year, value in targets.items():
        if value is None or str(value).strip() == "":
            cleaned[year] = None
            continue
        try:
            cleaned[year] = validate_indicator_value(indicator, value)
        except IndicatorError as error:
            raise IndicatorError(f"{year.title}: {error.message}") from None
    with transaction.atomic():
        current = {
            target.academic_year_id: target
            # with the year and indicator the audit entry names (locking the targets only)
            for target in IndicatorTarget.objects.select_for_update(of=("self",)).select_related(
                "indicator", "academic_year"
            ).filter(organization=organization, indicator=indicator)
        }
        changes = {}
        for year, value in cleaned.items():
            target = current.get(year.pk)
            old = target.value if target else None
            if old == value:
                continue
            changes[year.title] = {"old": None if old is None else str(old),
                                   "new": None if value is None else str(value)}
            if value is None:
                target.delete()
            elif target is None:
                IndicatorTarget.objects.create(
                    organization=organization, indicator=indicator, academic_year=year, value=value
                )
            else:
                target.value = value
                target.save(update_fields=["value"])
        if changes:
            log_action(
                "reports.indicator_targets.set",
                actor=actor,
                organization=organization,
                obj=indicator,
                data={"code": indicator.code, "changes": changes},
            )
    return len(changes)


def set_head_counts(
    *,
    organization: Organization,
    academic_year: AcademicYear,
    actor,
    teachers: int,
    students: int,
    employer_partners: int,
    pupils_career_guidance: int,
    young_specialists: int | None = None,
) -> HeadCount:
    """Record the year's head counts, the denominators of the share indicators
    (seed 000 §7 №1–6, seed 003 efficiency №1–3).

    All are non-negative integers (ValueError otherwise); ``young_specialists``
    None keeps the stored number (0 for a new record). Creates or updates the
    organisation's HeadCount for the year and records an audit entry
    ``reports.headcount.updated`` with the old and new values.
    """
    values = {
        "teachers": teachers,
        "students": students,
        "employer_partners": employer_partners,
        "pupils_career_guidance": pupils_career_guidance,
    }
    if young_specialists is not None:
        values["young_specialists"] = young_specialists
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    with transaction.atomic():
        head_count, created = HeadCount.objects.select_for_update().get_or_create(
            organization=organization, academic_year=academic_year, defaults=values
        )
        previous = None
        if not created:
            previous = {name: getattr(head_count, name) for name in values}
            for name, value in values.items():
                setattr(head_count, name, value)
            head_count.save(update_fields=list(values))
        log_action(
            "reports.headcount.updated",
            actor=actor,
            organization=organization,
            obj=head_count,
            data={"academic_year": academic_year.title, "new": values, "old": previous},
        )
    return head_count


# evidence content → stored extension and content type
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_evidence(upload) -> str:
    """The stored extension (``.pdf``, ``.jpg``, ``.png``, ``.docx``,
    ``.xlsx``) of an evidence file, decided by its content, not its name.

    IndicatorError for an empty file, a file over 10 MB, or content that is
    none of PDF, JPEG, PNG, DOCX (a ZIP with ``word/document.xml``) or XLSX (a
    ZIP with ``xl/workbook.xml``)."""
    size = upload.size or 0
    if not size:
        raise IndicatorError(_("The evidence file is empty."))
    if size > MAX_EVIDENCE_BYTES:
        raise IndicatorError(_("The evidence file is larger than 10 MB."))
    kind = document_kind(upload)
    if kind in EVIDENCE_TYPES:
        return kind
    raise IndicatorError(
        _("The evidence must be a PDF, JPEG, PNG, DOCX or XLSX file; this file's content is none of them.")
    )


def evidence_content_type(name: str) -> str:
    """The content type of a stored evidence file by its extension."""
    return EVIDENCE_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def set_indicator_value(
    *,
    organization: Organization,
    indicator: Indicator,
    academic_year: AcademicYear,
    value,
    actor,
    note: str = "",
    evidence=None,
) -> IndicatorValue:
    """Record the hand-entered actual value of a MANUAL indicator for the year
    (seed 003: contracts on dual training, WorldSkills competencies…), with its
    note and an optional evidence file.

    ``value`` is validated as ``validate_indicator_value``; ``evidence`` (an
    uploaded file) as ``check_evidence`` and stored under a random name.
    Replacing a value keeps the stored evidence unless a new file is given (the
    old file is then deleted). IndicatorError (Russian message) for a computed
    indicator or invalid input; nothing is written then. Audited as
    ``reports.indicator_value.set``.
    """
    if indicator.method != IndicatorMethod.MANUAL:
        raise IndicatorError(
            _("This indicator is computed from the portal's data; its value cannot be entered by hand.")
        )
    number = validate_indicator_value(indicator, value)
    extension = check_evidence(evidence) if evidence is not None else None
    note = str(note or "").strip()
    old_file = None
    with transaction.atomic():
        record = IndicatorValue.objects.select_for_update().filter(
            organization=organization, indicator=indicator, academic_year=academic_year
        ).first()
        if record is None:
            record = IndicatorValue(
                organization=organization, indicator=indicator, academic_year=academic_year
            )
        record.value, record.note, record.entered_by, record.recorded = number, note, actor, False
        if extension is not None:
            old_file = record.evidence.name or None
            evidence.seek(0)
            record.evidence.save(f"{uuid.uuid4().hex}{extension}", evidence, save=False)
        record.save()
        log_action(
            "reports.indicator_value.set",
            actor=actor,
            organization=organization,
            obj=record,
            data={
                "indicator": indicator.code,
                "academic_year": academic_year.title,
                "value": str(number),
                "evidence": record.evidence.name or None,
            },
        )
        if old_file and old_file != record.evidence.name:
            storage = record.evidence.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return record


def record_indicator_values(organization: Organization, academic_year: AcademicYear) -> int:
    """Store the year's live values of the organisation's picked computed
    indicators as IndicatorValue(recorded=True), so that the trend of later
    years reads them (called by the annual report build).

    A hand-entered value (``recorded`` False) is never overwritten; a recorded
    value is replaced, or deleted when the value is now unknown. Returns the
    number of values stored. Fixed number of queries plus one write per
    computed indicator.
    """
    rows = [row for row in indicator_table(organization, academic_year) if not row.is_manual]
    if not rows:
        return 0
    stored = 0
    with transaction.atomic():
        existing = {
            record.indicator_id: record
            for record in IndicatorValue.objects.select_for_update().filter(
                organization=organization, academic_year=academic_year,
                indicator__in=[row.indicator for row in rows],
            )
        }
        for row in rows:
            record = existing.get(row.indicator.pk)
            if record is not None and not record.recorded:
                continue
            if row.actual is None:
                if record is not None:
                    record.delete()
                continue
            if record is None:
                IndicatorValue.objects.create(
                    organization=organization, indicator=row.indicator,
                    academic_year=academic_year, value=row.actual, recorded=True,
                    note=row.note,
                )
            elif record.value != row.actual or record.note != row.note:
                record.value, record.note = row.actual, row.note
                record.save(update_fields=["value", "note", "entered_at"])
            stored += 1
    return stored
