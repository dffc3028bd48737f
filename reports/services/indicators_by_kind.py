"""The indicator set an organisation picks by default, by its kind (issue 14).

- a college: the 8 indicators of seed 000 §7 (a college's roadmap);
- a school: the efficiency indicators of the federal target model as seed 003
  gives them for children and young teachers (children aged 10–19 as mentees,
  15–19 as mentors, young teachers as mentees, mentees' and mentors'
  satisfaction) and seed 000's shares of teachers as mentees and mentors —
  the students' shares of a college do not apply to a school;
- an education authority, an enterprise, a university: none (the territory sees
  its organisations' indicators in aggregate; partners run no programme).
"""

from django.db import transaction

from mentoring.enums import OrganizationKind
from mentoring.models import Organization

from .indicators import ensure_library, pick_indicators

KIND_INDICATORS: dict[str, tuple[str, ...]] = {
    OrganizationKind.COLLEGE: (
        "teachers-as-mentees", "teachers-as-mentors", "students-as-mentees",
        "students-as-mentors", "employers-as-mentors", "pupils-as-mentees",
        "mentee-satisfaction", "mentor-satisfaction",
    ),
    OrganizationKind.SCHOOL: (
        "seed003-efficiency-01", "seed003-efficiency-02", "seed003-efficiency-03",
        "teachers-as-mentees", "teachers-as-mentors",
        "seed003-efficiency-05", "seed003-efficiency-06",
    ),
}


def kind_indicator_codes(kind: str) -> tuple[str, ...]:
    """The library codes of ``kind``'s default set (empty for kinds without one)."""
    return KIND_INDICATORS.get(kind, ())


def pick_kind_indicators(organization: Organization, *, actor=None) -> list:
    """Load the library and pick the default set of the organisation's kind with
    the library's yearly targets (``pick_indicators``: existing picks and
    targets are kept). Returns the new picks; nothing for a kind without a set.
    Audited as ``reports.indicators.picked`` when something is added."""
    codes = kind_indicator_codes(organization.kind)
    if not codes:
        return []
    with transaction.atomic():
        library = {indicator.code: indicator for indicator in ensure_library()}
        return pick_indicators(organization, [library[code] for code in codes], actor)
