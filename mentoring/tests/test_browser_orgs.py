"""Issue 14 in Debian's Chromium (Playwright): the territory curator logs in,
creates a school of the territory with its first curator account, and passes
on the one-time link; the new curator sets the password through it, logs in
and finds the school's roadmap built from seed 001 (with its confirming
documents), ready to be submitted for approval."""

import re
import shutil

import pytest

from mentoring.enums import OrganizationKind, Role
from mentoring.tests.browser import CHROMIUM, login, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

NEW_PASSWORD = "Куратор-Усово-2026!"


@pytest.fixture
def territory(transactional_db):
    from mentoring.models import Organization, Territory
    from mentoring.services import grant_membership
    from mentoring.tests.browser import PASSWORD

    territory = Territory.objects.create(name="Город Когалым", slug="kogalym")
    authority = Organization.objects.create(
        name="Управление образования Администрации города Когалыма",
        short_name="Управление образования", director_name="С. Г. Гришина",
        kind=OrganizationKind.AUTHORITY, territory=territory,
    )
    grant_membership(organization=authority, username="coordinator", role=Role.COORDINATOR,
                     password=PASSWORD, first_name="Надежда", last_name="Абдреева")
    return territory


def test_browser_coordinator_creates_a_school_whose_curator_sets_the_password(
    browser, live_server, territory, shots
):
    from mentoring.models import Organization

    coordinator = login(browser, live_server, "coordinator")
    coordinator.get_by_role("link", name="Организации", exact=True).click()
    coordinator.get_by_role("link", name="Добавить организацию").first.click()
    coordinator.get_by_label("Тип").select_option(OrganizationKind.SCHOOL)
    coordinator.get_by_label("Полное наименование").fill("МБОУ «Усовская основная школа»")
    coordinator.get_by_label("Краткое наименование").fill("Усовская ООШ")
    coordinator.get_by_label("Директор (фамилия и инициалы)").fill("Е. М. Страхова")
    coordinator.get_by_label("Населённый пункт").fill("Когалым")
    coordinator.get_by_role("button", name="Создать организацию").click()
    coordinator.get_by_text("Организация «Усовская ООШ» создана").wait_for()

    coordinator.get_by_label("Логин").fill("usovo")
    coordinator.get_by_label("Фамилия").fill("Кравец")
    coordinator.get_by_label("Имя").fill("Ольга")
    coordinator.get_by_role("button", name="Создать учётную запись и получить ссылку").click()
    link = coordinator.get_by_label("Ссылка").input_value()
    assert re.search(r"/account/set-password/[^/]+/[^/]+/$", link)
    coordinator.get_by_role("link", name="К списку организаций").click()
    row = coordinator.locator("#territory-organizations tr", has_text="Усовская ООШ")
    assert "Школа" in row.inner_text() and row.locator("td").nth(3).inner_text().strip() == "1"
    shots.append(coordinator)

    curator = new_page(browser, live_server)
    curator.goto(link)
    curator.get_by_text("Ваш логин — «usovo»").wait_for()
    curator.locator("#id_new_password1").fill(NEW_PASSWORD)
    curator.locator("#id_new_password2").fill(NEW_PASSWORD)
    curator.get_by_role("button", name="Задать пароль").click()
    curator.get_by_role("heading", name="Пароль задан").wait_for()
    curator.get_by_role("link", name="Войти").last.click()
    curator.get_by_label("Имя пользователя").fill("usovo")
    curator.get_by_label("Пароль").fill(NEW_PASSWORD)
    curator.get_by_role("button", name="Войти").click()
    curator.wait_for_url(re.compile(r"/$"))

    curator.get_by_role("link", name="Дорожная карта").first.click()
    curator.get_by_text("Информирование коллектива, обучающихся, внешней аудитории").wait_for()
    # seed 001's «Документы, закрепляющие результат» of activity 1.1
    assert curator.locator("#stage-1").get_by_text("Документы, закрепляющие результат:").count() >= 1
    assert "Пресс-релизы" in curator.locator("#stage-1 tbody tr").first.inner_text()
    assert curator.locator("#roadmap-approval").get_by_text("Не направлена").count() == 1
    shots.append(curator)
    school = Organization.objects.get(short_name="Усовская ООШ")
    assert (school.kind, school.territory_id) == (OrganizationKind.SCHOOL, territory.pk)
    # the link worked once
    curator.goto(link)
    assert curator.locator("#invalid-link").count() == 1
