"""The pairs of an annual or monitoring report, counted in SQL and listed as a
stream (split from ``annual``; issue 15: a college of 30,000 participants).

- ``pair_figures``: the lines per form of mentoring, people by form and
  category, pairs by status and the distinct mentors and mentees — GROUP BY
  queries, never a loop over people; the cadence (meetings expected of each
  formed pair by the two-week rule) needs each pair's dates, so ONE streamed
  query over a few columns of the formed pairs adds it up per form, keeping
  nothing per pair.
- ``PairRows``: the list of pairs for the PDF and the XLSX, read again each
  time it is iterated, ``CHUNK`` pairs at a time (a query for the pairs and one
  for their mentees per chunk), so that no list of the organisation's pairs or
  people is ever held in memory.

Which pairs are *formed* (approved by the director by the end of the period)
and what the cadence expects are the rules of ``annual`` (``formed_q`` is the
SQL form of ``is_formed``).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from pairs.enums import PairStatus
from pairs.models import Pair
from surveys.enums import RespondentRole

# statuses that count as «formed» once approved (reports.services.indicators.COUNTED_PAIR)
FORMED_STATUSES = (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
ENDED_STATUSES = (PairStatus.COMPLETED, PairStatus.TERMINATED)
# pairs read per query when the list is streamed (and their mentees in one more)
CHUNK = 2000


def formed_q(period) -> Q:
    """Pairs approved by the director before the end of ``period`` (a
    ``ReportPeriod``): approved, active or completed (approved — or, without
    an approval time, created — before the end), or terminated after an
    approval before the end. Drafts and proposals are never formed."""
    approved_in = Q(approved_at__lt=period.end) | Q(approved_at__isnull=True, created_at__lt=period.end)
    return (Q(status__in=FORMED_STATUSES) & approved_in) | Q(
        status=PairStatus.TERMINATED, approved_at__isnull=False, approved_at__lt=period.end)


def is_formed(status: str, approved_at, created_at, period) -> bool:
    """``formed_q`` for one pair's values."""
    if status in FORMED_STATUSES:
        return (approved_at or created_at) < period.end
    return status == PairStatus.TERMINATED and approved_at is not None and approved_at < period.end


def expected_meetings(status: str, approved_at, created_at, ended_on, period, today: datetime.date) -> int:
    """Meetings the cadence «не реже одного раза в две недели» (seed 000 6.4,
    ``MEETING_MAX_GAP_DAYS``) asks of a formed pair in the period: one per full
    gap between its approval (or the period's start) and the period's end, today
    or the pair's end, whichever is first."""
    begin = max(period.since, timezone.localdate(approved_at or created_at))
    end = min(period.until, today)
    if status in ENDED_STATUSES and ended_on:
        end = min(end, ended_on)
    days = (end - begin).days + 1
    return max(0, days // settings.MEETING_MAX_GAP_DAYS)


def _in_period(period) -> Q:
    return Q(meetings__held_on__gte=period.since, meetings__held_on__lte=period.until)


def _ended(period) -> Q:
    return Q(status__in=ENDED_STATUSES) & (Q(ended_on__isnull=True) | Q(ended_on__lte=period.until))


@dataclass(frozen=True)
class PairLine:
    """One pair or group as the report lists it; ``meetings`` are those held in
    the period, ``expected`` the meetings the two-week cadence asks for in it."""

    pk: int
    mentor: str
    mentees: str
    form: str
    kind: str
    status: str
    formed: bool
    meetings: int
    expected: int
    last_meeting: datetime.date | None

    @property
    def on_cadence(self) -> bool | None:
        """Held at least the expected meetings; None for a pair not formed."""
        return self.meetings >= self.expected if self.formed else None


def _name(*parts) -> str:
    return " ".join(p for p in parts if p)


class PairRows:
    """The pairs a report lists (``queryset``: the year's pairs, or only the
    formed ones for a monitoring), by mentor's surname and name. Iterating
    streams ``PairLine``s from the database ``CHUNK`` pairs at a time;
    ``len()`` is the number counted with the figures (no query)."""

    def __init__(self, queryset: QuerySet[Pair], period, today: datetime.date, count: int):
        self.queryset, self.period, self.today, self.count = queryset, period, today, count

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self) -> Iterator[PairLine]:
        in_period = _in_period(self.period)
        rows = (
            self.queryset.annotate(meetings_count=Count("meetings", filter=in_period),
                                   last_meeting_on=Max("meetings__held_on", filter=in_period))
            .order_by("mentor__participant__surname", "mentor__participant__name", "pk")
            .values_list("pk", "mentor__participant__surname", "mentor__participant__name",
                         "mentor__participant__patronymic", "form__name", "kind__name", "status",
                         "approved_at", "created_at", "ended_on", "meetings_count", "last_meeting_on")
        )
        chunk: list[tuple] = []
        for row in rows.iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield from self._lines(chunk)
                chunk = []
        if chunk:
            yield from self._lines(chunk)

    def _lines(self, chunk: list[tuple]) -> Iterator[PairLine]:
        mentees: dict[int, list[str]] = {}
        for pair_id, *name in (
            Pair.mentees.through.objects.filter(pair_id__in=[row[0] for row in chunk])
            .order_by("pair_id", "mentee__participant__surname", "mentee__participant__name", "mentee_id")
            .values_list("pair_id", "mentee__participant__surname", "mentee__participant__name",
                         "mentee__participant__patronymic")
        ):
            mentees.setdefault(pair_id, []).append(_name(*name))
        labels = {value: str(label) for value, label in PairStatus.choices}
        for (pk, surname, name, patronymic, form, kind, status, approved_at, created_at, ended_on,
             meetings, last) in chunk:
            formed = is_formed(status, approved_at, created_at, self.period)
            expected = (expected_meetings(status, approved_at, created_at, ended_on, self.period, self.today)
                        if formed else 0)
            yield PairLine(pk=pk, mentor=_name(surname, name, patronymic), mentees=", ".join(mentees.get(pk, ())),
                           form=form, kind=kind, status=labels[status], formed=formed,
                           meetings=meetings, expected=expected, last_meeting=last)

    def behind_cadence(self) -> Iterator[PairLine]:
        """Formed pairs that held fewer meetings than the cadence expects (streamed)."""
        return (line for line in self if line.on_cadence is False)

    def formed(self) -> Iterator[PairLine]:
        return (line for line in self if line.formed)


def _form_counts(forms: dict, formed: QuerySet[Pair], period, form_line) -> None:
    """Pairs formed, active, completed and terminated and distinct people, per
    form (one GROUP BY query)."""
    ended = _ended(period)
    for row in formed.values("form__name").annotate(
        formed=Count("pk", distinct=True),
        completed=Count("pk", distinct=True, filter=ended & Q(status=PairStatus.COMPLETED)),
        terminated=Count("pk", distinct=True, filter=ended & Q(status=PairStatus.TERMINATED)),
        mentors=Count("mentor", distinct=True), mentees=Count("mentees", distinct=True),
    ).order_by():
        line = forms.setdefault(row["form__name"], form_line(form=row["form__name"]))
        line.formed, line.completed, line.terminated = row["formed"], row["completed"], row["terminated"]
        line.active = line.formed - line.completed - line.terminated
        line.mentors, line.mentees = row["mentors"], row["mentees"]


def _cadence(forms: dict, formed: QuerySet[Pair], period, today, form_line) -> int:
    """Meetings held and expected and pairs on cadence per form, from one
    streamed query over the formed pairs' dates; returns the pairs behind."""
    behind = 0
    rows = (
        formed.annotate(held=Count("meetings", filter=_in_period(period)))
        .values_list("form__name", "status", "approved_at", "created_at", "ended_on", "held").order_by()
    )
    for form, status, approved_at, created_at, ended_on, held in rows.iterator(chunk_size=CHUNK * 5):
        expected = expected_meetings(status, approved_at, created_at, ended_on, period, today)
        line = forms.setdefault(form, form_line(form=form))
        line.meetings_held += held
        line.meetings_expected += expected
        if held >= expected:
            line.on_cadence += 1
        else:
            behind += 1
    return behind


def _categories(formed: QuerySet[Pair], category_line) -> list:
    """People of each category in each role within each form, each counted once
    (two GROUP BY queries)."""
    counts = []
    for role, path in ((RespondentRole.MENTOR, "mentor"), (RespondentRole.MENTEE, "mentees")):
        rows = formed.filter(**{f"{path}__isnull": False}).values_list(
            "form__name", f"{path}__participant__category").annotate(n=Count(path, distinct=True)).order_by()
        counts += [(form, role, category, n) for form, category, n in rows]
    role_order = {RespondentRole.MENTOR: 0, RespondentRole.MENTEE: 1}
    category_order = {value: n for n, value in enumerate(ParticipantCategory.values)}
    counts.sort(key=lambda c: (c[0], role_order[c[1]], category_order.get(c[2], 99)))
    return [category_line(form=form, role=str(RespondentRole(role).label),
                          category=str(ParticipantCategory(category).label), people=n)
            for form, role, category, n in counts]


def pair_figures(year_pairs: QuerySet[Pair], period, today, form_names, *, formed_only: bool,
                 form_line, category_line) -> dict:
    """The report's pair figures from ``year_pairs`` (the organisation's pairs of
    the academic year) — seven queries whatever their number:

    ``{"pairs": PairRows, "forms": [form_line] by name (every form of
    ``form_names`` present), "categories": [category_line], "status_counts":
    [(status label, pairs)] in lifecycle order, "mentors_total",
    "mentees_total": distinct people of the formed pairs, "behind": formed
    pairs behind the cadence}``. With ``formed_only`` (a monitoring) pairs not
    formed by the period's end are left out altogether.
    """
    formed = year_pairs.filter(formed_q(period))
    listed = formed if formed_only else year_pairs
    forms = {name: form_line(form=name) for name in form_names}
    _form_counts(forms, formed, period, form_line)
    behind = _cadence(forms, formed, period, today, form_line)
    statuses = dict(listed.values_list("status").annotate(n=Count("pk")).order_by())
    totals = formed.aggregate(m=Count("mentor", distinct=True), e=Count("mentees", distinct=True))
    return {
        "pairs": PairRows(listed, period, today, sum(statuses.values())),
        "forms": sorted(forms.values(), key=lambda f: f.form),
        "categories": _categories(formed, category_line),
        "status_counts": [(str(status.label), statuses.get(status.value, 0)) for status in PairStatus],
        "mentors_total": totals["m"] or 0, "mentees_total": totals["e"] or 0, "behind": behind,
    }
