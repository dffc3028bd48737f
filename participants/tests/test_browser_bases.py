"""The participant bases of issue 3 in Debian's Chromium (Playwright): a list a
college really sends (cp1251 CSV with «;», a title row, unknown column titles) is
mapped by hand, previewed and imported; the filtered base is exported with
formulas neutralised; a consent is withdrawn and the person anonymised."""

import io
import re
import shutil

import openpyxl
import pytest

from mentoring.enums import Role
from mentoring.services import grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, download, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

LIST = [
    ["Список слушателей школы наставников, 2026"],
    ["Слушатель", "Родился", "Поток", "Почта", "Кем будет", "Согласен", "Пожелания"],
    ["Белова Анна Игоревна", "03.04.2001", "ИС-21", "belova@example.ru", "наставник", "да", "спорт"],
    ["ГРОМОВ пётр", "05.06.2002", "ИС-21", "gromov@example.ru", "наставляемый", "да", "=1+2"],
    [],
    ["Ёлкина Вера Павловна", "1.9.2003", "ИС-22", "elkina@example.ru", "наставляемая", "да", "карьера"],
]


def _csv_cp1251() -> bytes:
    return "\r\n".join(";".join(row) for row in LIST).encode("cp1251")


@pytest.fixture
def college(transactional_db):
    from mentoring.models import Organization
    from mentoring.services import ensure_reference_data

    ensure_reference_data()
    organization = Organization.objects.create(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        director_name="Д. Ф. Ахмерова",
    )
    grant_membership(organization=organization, username="curator", role=Role.CURATOR,
                     password=PASSWORD)
    return organization


def test_browser_bases_import_mapping_export_and_withdrawal(browser, live_server, college, shots, tmp_path):
    from participants.models import ColumnMapping, DataErasure, Participant

    path = tmp_path / "слушатели.csv"
    path.write_bytes(_csv_cp1251())
    page = login(browser, live_server, "curator")
    shots.append(page)

    # The list is uploaded; its titles are unknown, so the curator maps them.
    page.goto("/participants/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_text("Строка заголовков не распознана").wait_for()
    page.locator("a.btn", has_text="Сопоставить столбцы").click()
    assert page.locator("select[name=header_row]").input_value() == "2"  # the fullest row
    for index, field in enumerate(
        ["full_name", "birth_date", "study_group", "email", "role", "consent", "interests"]
    ):
        page.locator(f"select[name=col_{index}]").select_option(field)
    page.locator("input[name=remember_as]").fill("Школа наставников")
    page.get_by_role("button", name="Проверить список с этими столбцами").click()

    # The preview: three new people, the capitals fixed, the blank row skipped.
    page.get_by_role("button", name="Подтвердить импорт").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert "Громов Пётр" in rows.nth(1).inner_text() and rows.nth(2).inner_text().startswith("6")
    page.get_by_role("button", name="Подтвердить импорт").click()
    page.get_by_text("Список импортирован: новых 3").wait_for()
    assert Participant.objects.filter(organization=college).count() == 3
    assert ColumnMapping.objects.get(organization=college).name == "Школа наставников"

    # The mentee base filtered by group, exported as shown: formulas are dead.
    page.goto("/participants/mentees/")
    page.locator("select[name=group]").select_option("ИС-21")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"group="))
    assert "Громов Пётр" in page.content() and "Ёлкина" not in page.content()
    content = download(page, page.get_by_role("link", name="XLSX"))
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert any("Громов" in v for v in values) and not any("Ёлкина" in v for v in values)
    assert "'=1+2" in values
    assert not any(c.data_type == "f" for c in cells)
    assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in values)

    # The mentee withdraws her consent: her data are erased, the log says why.
    page.goto("/participants/mentees/?q=Ёлкина")
    page.get_by_role("link", name=re.compile("Ёлкина")).click()
    page.get_by_role("link", name="Отозвать").first.click()
    page.locator("textarea[name=reason], input[name=reason]").fill("Заявление об отзыве от 20.11.2026")
    page.get_by_role("button", name=re.compile("Отозвать")).click()
    page.get_by_text("Обезличен").first.wait_for()
    person = Participant.objects.get(organization=college, anonymised_at__isnull=False)
    assert (person.surname, person.email, person.birth_date) == ("Обезличен", "", None)
    erasure = DataErasure.objects.get(participant=person)
    assert erasure.reason == "Заявление об отзыве от 20.11.2026" and erasure.categories
    assert "elkina@example.ru" not in page.content()
