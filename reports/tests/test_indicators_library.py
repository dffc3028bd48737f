"""The indicator library (seed 000 §7, seed 003) and picking indicators."""

from decimal import Decimal

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from reports.enums import IndicatorGroup, IndicatorMethod, IndicatorType, IndicatorUnit
from reports.models import Indicator, IndicatorTarget, IndicatorValue, OrganizationIndicator
from reports.services.indicators import (
    ensure_indicators,
    ensure_library,
    indicator_table,
    pick_indicators,
    unpick_indicator,
)

COMPUTED_003 = {
    "seed003-performance-01": IndicatorMethod.YOUNG_SPECIALISTS_PAIRED,
    "seed003-performance-04": IndicatorMethod.STUDENTS_PAIRED,
    "seed003-efficiency-01": IndicatorMethod.CHILDREN_AS_MENTEES,
    "seed003-efficiency-02": IndicatorMethod.CHILDREN_AS_MENTORS,
    "seed003-efficiency-03": IndicatorMethod.YOUNG_SPECIALISTS_AS_MENTEES,
    "seed003-efficiency-05": IndicatorMethod.MENTEE_SATISFACTION,
    "seed003-efficiency-06": IndicatorMethod.MENTOR_SATISFACTION,
}


def test_library_holds_every_indicator_of_the_seeds(db):
    library = {indicator.code: indicator for indicator in ensure_library()}

    groups = [indicator.group for indicator in library.values()]
    assert (groups.count(IndicatorGroup.MODEL_EFFICIENCY), groups.count(IndicatorGroup.PERFORMANCE),
            groups.count(IndicatorGroup.EFFICIENCY)) == (8, 13, 6)
    turnover = library["seed003-performance-03"]
    assert turnover.title == "Текучесть кадров среди преподавателей Техникума со стажем 0-3 года, %"
    assert (turnover.indicator_type, turnover.unit, turnover.base_value, turnover.base_year) == (
        IndicatorType.ANALYTICAL, IndicatorUnit.PERCENT, Decimal("20"), "2020")
    assert turnover.default_targets == {"2021/2022": 10, "2022/2023": 0, "2023/2024": 0,
                                        "2024/2025": 0}
    graduates = library["seed003-performance-11"]
    assert (graduates.unit, graduates.indicator_type, graduates.default_targets["2023/2024"]) == (
        IndicatorUnit.PEOPLE, IndicatorType.MAIN, 125)
    assert library["seed003-performance-07"].unit == IndicatorUnit.ITEMS
    assert library["seed003-performance-06"].source == "Программа (003), результативность, №6"
    assert library["seed003-efficiency-01"].default_targets == {
        "2021/2022": 30, "2022/2023": 40, "2023/2024": 50, "2024/2025": 70}
    assert library["teachers-as-mentors"].source == "Дорожная карта (000), §7, №2"
    methods = {code: i.method for code, i in library.items() if code.startswith("seed003")}
    assert {c: m for c, m in methods.items() if m != IndicatorMethod.MANUAL} == COMPUTED_003
    assert methods["seed003-efficiency-04"] == IndicatorMethod.MANUAL


def test_ensure_library_is_idempotent_and_repairs_fields(db):
    ensure_library()
    Indicator.objects.filter(code="seed003-performance-06").update(title="испорчено", base_value=None)

    ensure_library()

    assert Indicator.objects.count() == 27
    dual = Indicator.objects.get(code="seed003-performance-06")
    assert dual.title.startswith("Количество договоров о дуальном обучении")
    assert dual.base_value == Decimal("2")


def test_picking_copies_targets_without_overwriting(organization, other_organization, curator):
    library = {indicator.code: indicator for indicator in ensure_library()}
    dual = library["seed003-performance-06"]
    # a target the curator set before picking is kept
    year_2022 = AcademicYear.objects.create(title="2022/2023", starts_on="2022-09-01",
                                            ends_on="2023-08-31")
    IndicatorTarget.objects.create(organization=organization, indicator=dual, academic_year=year_2022,
                                   value=Decimal("6"))

    new = pick_indicators(organization, [dual, library["seed003-efficiency-03"]], curator)
    again = pick_indicators(organization, [dual], curator)

    assert len(new) == 2 and again == []
    targets = dict(IndicatorTarget.objects.filter(organization=organization, indicator=dual)
                   .values_list("academic_year__title", "value"))
    assert targets == {"2021/2022": Decimal("3"), "2022/2023": Decimal("6"),
                       "2023/2024": Decimal("7"), "2024/2025": Decimal("9")}
    year = AcademicYear.objects.get(title="2024/2025")
    assert (year.starts_on.isoformat(), year.ends_on.isoformat()) == ("2024-09-01", "2025-08-31")
    choice = OrganizationIndicator.objects.get(organization=organization, indicator=dual)
    assert choice.base_value == Decimal("2")
    assert not IndicatorTarget.objects.filter(organization=other_organization).exists()
    entry = audit_events("reports.indicators.picked").first()
    assert entry.actor == curator and entry.additional_data["codes"] == ["seed003-performance-06",
                                                              "seed003-efficiency-03"]


def test_table_lists_picked_indicators_only_in_pick_order(organization, curator):
    library = {indicator.code: indicator for indicator in ensure_library()}
    year = AcademicYear.current()
    assert indicator_table(organization, year) == []

    pick_indicators(organization, [library["seed003-efficiency-06"], library["teachers-as-mentees"]],
                    curator)

    assert [row.indicator.code for row in indicator_table(organization, year)] == [
        "teachers-as-mentees", "seed003-efficiency-06"]


def test_unpick_keeps_targets_and_values(organization, curator):
    library = {indicator.code: indicator for indicator in ensure_library()}
    dual = library["seed003-performance-06"]
    pick_indicators(organization, [dual], curator)
    year = AcademicYear.objects.get(title="2021/2022")
    IndicatorValue.objects.create(organization=organization, indicator=dual, academic_year=year,
                                  value=Decimal("3"))

    assert unpick_indicator(organization, dual, curator) is True
    assert unpick_indicator(organization, dual, curator) is False

    assert not OrganizationIndicator.objects.filter(organization=organization).exists()
    assert IndicatorTarget.objects.filter(organization=organization, indicator=dual).count() == 4
    assert IndicatorValue.objects.filter(organization=organization, indicator=dual).count() == 1
    assert audit_events("reports.indicators.unpicked").get().additional_data["values_kept"] == 1


def test_ensure_indicators_picks_the_eight_of_seed_000(organization):
    ensure_indicators(organization=organization)
    ensure_indicators(organization=organization)

    picked = OrganizationIndicator.objects.filter(organization=organization)
    assert sorted(picked.values_list("indicator__position", flat=True)) == list(range(1, 9))
    assert IndicatorTarget.objects.filter(organization=organization).count() == 40
