"""The main job, steps a–g of issue 2, driven through Debian's Chromium by Playwright.

One test walks the mentoring year as each role would: the curator imports the three
sample workbooks and forms a pair, the director approves it and downloads the order,
the mentor logs a meeting and fills the feedback form, the mentee fills theirs through
the one-time link, the curator updates the roadmap, enters head counts, and builds the
annual report once the progress bar completes.
"""

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from mentoring.enums import Role
from mentoring.models import AcademicYear, Organization
from mentoring.services import ensure_reference_data, grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, download, login, new_page, pdf_text

SAMPLES = Path(__file__).resolve().parents[1] / "demo"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]



@pytest.fixture
def college(transactional_db):
    """A college with its staff accounts, roadmap and indicator targets; the
    participant bases are empty: the curator imports them in the browser."""
    from reports.models import IndicatorTarget
    from reports.services.indicators import ensure_indicators
    from roadmap.services import create_roadmap

    ensure_reference_data()
    organization = Organization.objects.create(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
    )
    year = AcademicYear.current()
    ensure_indicators(organization=organization)
    for target in IndicatorTarget.objects.filter(organization=organization, academic_year__title="2025/2026"):
        IndicatorTarget.objects.get_or_create(
            organization=organization, indicator=target.indicator, academic_year=year,
            defaults={"value": target.value},
        )
    create_roadmap(organization=organization, academic_year=year)
    for username, role in (("curator", Role.CURATOR), ("director", Role.DIRECTOR)):
        grant_membership(organization=organization, username=username, role=role, password=PASSWORD)
    return organization


def test_browser_mentoring_year_end_to_end(browser, live_server, college, shots):
    from pairs.models import Pair
    from participants.models import Mentee, Mentor, Participant

    # a. The curator imports the three sample workbooks with a preview.
    curator = login(browser, live_server, "curator")
    shots.append(curator)
    for name in ("applicants_students.xlsx", "applicants_staff.xlsx", "applicants_employers.xlsx"):
        curator.get_by_role("link", name="Загрузить список участников").first.click()
        curator.locator("input[type=file]").set_input_files(str(SAMPLES / name))
        curator.get_by_role("button", name="Проверить файл").click()
        curator.get_by_role("button", name="Подтвердить импорт").click()
        curator.get_by_text("Список импортирован").first.wait_for()
    assert Participant.objects.filter(organization=college).count() == 320 + 60 + 25
    assert Mentor.objects.filter(participant__organization=college).count() == 31 + 18 + 25
    curator.goto("/participants/mentees/?q=Соловьева")
    assert "законного представителя" in curator.content()  # a minor is flagged

    # b. The curator forms a student–student pair with a suggested mentor and submits it.
    mentee = (
        Mentee.objects.filter(
            participant__organization=college, participant__category="student",
            participant__consent_status="given",
        ).order_by("participant__surname", "participant__name").first()
    )
    curator.get_by_role("link", name="Сформировать пары").first.click()
    curator.locator("#id_filter_form").select_option(label="студент – студент")
    curator.get_by_role("button", name="Показать").click()
    curator.get_by_role("link", name="Добавить пару вручную").click()
    curator.locator("#id_suggest_mentee").select_option(value=str(mentee.pk))
    curator.get_by_role("button", name="Подобрать", exact=True).click()
    curator.get_by_role("link", name="Выбрать").first.click()
    curator.locator("select[name=kind]").select_option(label="традиционное наставничество («один на один»)")
    curator.locator("select[name=mentees]").select_option(value=str(mentee.pk))
    curator.get_by_role("button", name="Сохранить закреплённый черновик").click()
    pair = Pair.objects.get(organization=college)
    curator.locator(f"input[name=pair][value='{pair.pk}']").check()
    curator.get_by_role("button", name="Отправить выбранные директору").click()
    curator.get_by_text("Отправлено директору").first.wait_for()
    pair.refresh_from_db()
    assert pair.status == "proposed"
    mentor_participant = pair.mentor.participant

    # c. The director approves; the order PDF is issued, listed and downloadable.
    director = login(browser, live_server, "director")
    shots.append(director)
    director.get_by_role("link", name="Утверждение пар").first.click()
    director.locator(f"input[name=pairs][value='{pair.pk}']").check()
    director.get_by_role("button", name="Утвердить").click()
    director.get_by_text("№ 1").first.wait_for()
    director.get_by_role("link", name="Приказы").first.click()
    pdf = pdf_text(download(director, director.get_by_role("link", name="Скачать").first))
    assert "ПРИКАЗ" in pdf and "Об утверждении наставнических пар (групп)" in pdf
    assert mentor_participant.surname in pdf and mentee.participant.surname in pdf
    assert "Ахмерова" in pdf

    # d. The mentor logs a meeting and fills the feedback form; the mentee, who has
    # no account, fills theirs through the one-time link.
    grant_membership(
        organization=college, username="mentor", role=Role.MENTOR, password=PASSWORD,
        participant=mentor_participant,
    )
    mentor = login(browser, live_server, "mentor")
    shots.append(mentor)
    mentor.get_by_role("link", name="Мои пары").first.click()
    mentor.locator(f"#my-pair-{pair.pk}").get_by_role("link", name=f"№ {pair.pk}").click()
    mentor.get_by_role("link", name="Записать встречу").click()
    mentor.locator("select[name=meeting_type]").select_option(value="introductory")
    mentor.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    mentor.locator("input[name=topic]").fill("Встреча-знакомство: цели и ожидания")
    mentor.get_by_role("button", name="Сохранить встречу").click()
    mentor.get_by_text("Встреча-знакомство: цели и ожидания").first.wait_for()
    pair.refresh_from_db()
    assert pair.status == "active"
    link = mentor.locator("a[href*='/surveys/r/']").first.get_attribute("href")
    mentor.get_by_role("link", name="Формы обратной связи").first.click()
    mentor.get_by_role("link", name="Заполнить").first.click()
    for radio_group in mentor.locator("input[type=radio][value='5']").all():
        radio_group.check()
    for radio in mentor.locator("input[type=radio][value='no'], input[type=radio][value='False']").all():
        radio.check()
    for area in mentor.locator("textarea").all():
        area.fill("Познакомились, поставили цели.")
    mentor.get_by_role("button", name="Отправить ответы").click()
    mentor.get_by_text("Спасибо").first.wait_for()

    anonymous = new_page(browser, live_server)
    shots.append(anonymous)
    anonymous.goto(link)
    for radio_group in anonymous.locator("input[type=radio][value='4']").all():
        radio_group.check()
    for radio in anonymous.locator("input[type=radio][value='no'], input[type=radio][value='False']").all():
        radio.check()
    for area in anonymous.locator("textarea").all():
        area.fill("Было полезно.")
    anonymous.get_by_role("button", name="Отправить ответы").click()
    anonymous.get_by_text("Спасибо").first.wait_for()
    anonymous.goto(link)
    assert "уже заполнена" in anonymous.content()

    # e. The curator marks roadmap activity 1.1 done; the dashboard shows the progress.
    curator.get_by_role("link", name="Дорожная карта").first.click()
    row = curator.locator("tr", has_text="1.1").first
    row.locator("select").select_option(value="done")
    row.get_by_role("button", name="Сохранить").click()
    curator.locator("tr", has_text="1.1").first.get_by_text("Выполнено").first.wait_for()
    curator.get_by_role("link", name="Главная").first.click()
    assert "1/6" in curator.locator("body").inner_text()

    # f. The curator enters head counts; actual values appear against the targets.
    curator.get_by_role("link", name="Показатели").first.click()
    curator.get_by_role("link", name="Ввести численность").click()
    curator.locator("input[name=teachers]").fill("50")
    curator.locator("input[name=young_specialists]").fill("5")
    curator.locator("input[name=students]").fill("200")
    curator.locator("input[name=employer_partners]").fill("10")
    curator.locator("input[name=pupils_career_guidance]").fill("100")
    curator.get_by_role("button", name="Сохранить").click()
    curator.get_by_role("link", name="Главная").first.click()
    indicators = curator.locator("table", has_text="Целевое значение").first.inner_text()
    assert "0,5" in indicators  # 1 student mentor of 200 students = 0.5 %
    # satisfaction: the mentor answered 5 of 5 (100 %), the mentee 4 of 5 (80 %)
    rows = {line.split("\n")[0]: line for line in indicators.split("Уровень удовлетворенности")[1:]}
    assert "\t100,0\t" in next(v for k, v in rows.items() if "наставников" in k)
    assert "\t80,0\t" in next(v for k, v in rows.items() if "наставляемых" in k)

    # g. The curator builds the annual report and downloads it once it is ready.
    curator.get_by_role("link", name="Отчёты").first.click()
    curator.get_by_role("button", name="Сформировать годовой отчёт").click()
    pdf_link = curator.get_by_role("link", name="PDF").first
    pdf_link.wait_for(timeout=60_000)
    report_pdf = pdf_text(download(curator, pdf_link))
    assert college.name.replace("«", "").split()[0] in report_pdf.replace("«", "")
    assert mentor_participant.surname in report_pdf
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(curator, curator.get_by_role("link", name=re.compile("Excel")).first))
    )
    assert "Показатели" in workbook.sheetnames and "Пары" in workbook.sheetnames
    cells = {str(c.value) for row in workbook["Пары"].iter_rows() for c in row if c.value}
    assert any(mentor_participant.surname in value for value in cells)
