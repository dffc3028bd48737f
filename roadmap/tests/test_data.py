"""The roadmap seed data (seed 000 §9) and the reading of its timing texts."""

import datetime

import pytest

from mentoring.models import AcademicYear
from roadmap.services import deadline_for, seed_stages

EXPECTED_COUNTS = {1: 6, 2: 6, 3: 3, 4: 5, 5: 7, 6: 7, 7: 7}


def test_seed_json_has_every_activity_of_seed_000():
    stages = seed_stages()
    assert [s["number"] for s in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert {s["number"]: len(s["activities"]) for s in stages} == EXPECTED_COUNTS
    for stage in stages:
        codes = [a["code"] for a in stage["activities"]]
        assert codes == [f"{stage['number']}.{k}" for k in range(1, len(codes) + 1)]
        assert stage["title"] and stage["task"]
        for activity in stage["activities"]:
            assert all(activity[key] for key in ("title", "deadline_text", "responsible", "planned_result"))


def test_seed_json_stage_titles_and_tasks_as_in_the_seed():
    stages = {s["number"]: s for s in seed_stages()}
    assert stages[1]["title"] == "Подготовка условий для запуска программы наставничества"
    assert stages[6]["title"] == "Организация работы наставнических пар / групп"
    assert stages[7]["title"] == "Завершение наставничества"
    assert stages[1]["task"] == "создание благоприятных условий для запуска программы наставничества"
    assert stages[7]["task"].startswith("подведение итогов работы каждой пары или группы")


def _activity(code: str) -> dict:
    stage = int(code.split(".")[0])
    return next(a for a in seed_stages()[stage - 1]["activities"] if a["code"] == code)


def test_seed_json_rows_broken_by_page_breaks_are_mended():
    assert _activity("2.6")["responsible"] == (
        "Педагог-психолог, руководитель программы, классные руководители обучающихся"
    )
    a53 = _activity("5.3")
    assert a53["title"].endswith("наставников и наставляемых с заполнением анкет")
    assert a53["planned_result"].endswith("(анкеты от наставников и от наставляемых)")
    a63 = _activity("6.3")
    assert a63["title"] == (
        "Провести встречи-планирования рабочего процесса в рамках программы наставничества "
        "с наставником и наставляемым"
    )
    assert a63["deadline_text"] == "В соответствии с индивидуальными планами работы наставника с наставляемым"
    assert a63["responsible"] == "Руководитель программы, педагог-психолог, наставники, наставляемые"
    assert a63["planned_result"].endswith("создан примерный план встреч в рамках программы наставничества")
    assert _activity("7.1")["title"].endswith(
        "(провести итоговое анкетирование участников по итогам реализации программы)"
    )
    assert _activity("6.4")["planned_result"] == "Встречи проводятся не реже одного раза в две недели"


YEAR_2025 = AcademicYear(title="2025/2026", starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 8, 31))
YEAR_2027 = AcademicYear(title="2027/2028", starts_on=datetime.date(2027, 9, 1), ends_on=datetime.date(2028, 8, 31))

# Every distinct timing text of seed 000 §9 and its date in 2025/2026.
DEADLINES_2025 = {
    "До 12.10.2021": datetime.date(2025, 10, 12),
    "До 01.11.2021": datetime.date(2025, 11, 1),
    "До 15.11.2021": datetime.date(2025, 11, 15),
    "До 20.11.2021": datetime.date(2025, 11, 20),
    "До 10.11.2021": datetime.date(2025, 11, 10),
    "Октябрь, 2021": datetime.date(2025, 10, 31),
    "Ежегодно, октябрь": datetime.date(2025, 10, 31),
    "Ежегодно, ноябрь": datetime.date(2025, 11, 30),
    "Ежегодно, октябрь-ноябрь": datetime.date(2025, 11, 30),
    "Ежегодно, декабрь": datetime.date(2025, 12, 31),
    "Январь-февраль, 2022": datetime.date(2026, 2, 28),
    "Ежегодно, в мае": datetime.date(2026, 5, 31),
    "Ежегодно, май": datetime.date(2026, 5, 31),
    "Ежегодно, июнь": datetime.date(2026, 6, 30),
    "Ежегодно, в августе": datetime.date(2026, 8, 31),
    "Ежегодно, август": datetime.date(2026, 8, 31),
    "Весь период": None,
    "Ежегодно, весь период": None,
    "Весь период, по отдельному плану": None,
    "Весь период, по запросу наставников": None,
    "По запросу": None,
    "В соответствии с индивидуальными планами работы наставника с наставляемым": None,
    "В течение реализации программы наставничества в колледже": None,
}


def test_deadline_for_covers_every_timing_text_of_the_seed():
    texts = {a["deadline_text"] for s in seed_stages() for a in s["activities"]}
    assert texts == set(DEADLINES_2025)


@pytest.mark.parametrize(("text", "expected"), list(DEADLINES_2025.items()))
def test_deadline_for_maps_seed_text_into_the_academic_year(text, expected):
    assert deadline_for(text, YEAR_2025) == expected


def test_deadline_for_february_end_follows_leap_years():
    assert deadline_for("Январь-февраль, 2022", YEAR_2027) == datetime.date(2028, 2, 29)
    assert deadline_for("До 29.02.2024", YEAR_2025) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize("text", ["", "   ", "сразу после педсовета", "До 45.13.2021"])
def test_deadline_for_unreadable_text_is_none(text):
    assert deadline_for(text, YEAR_2025) is None
