"""The public pages in Debian's Chromium (Playwright), as an anonymous visitor:
the territory page leads to the college's honour board, which shows the mentor
who consented to publication (with the photo) and not the one who withdrew the
consent; the links lead back to the territory page; no request is refused by
the Content Security Policy."""

import re
import shutil

import pytest
from django.utils import timezone

from mentoring.tests.browser import CHROMIUM, new_page
from participants.services.consents import withdraw_consent
from participants.services.photos import set_mentor_photo

from .publishing import consented_mentor, image_upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_browser_public_honour_board(browser, live_server, transactional_db, territory_world, shots):
    world = territory_world
    college = world.college
    college.slug, college.is_public, college.contacts = "kpk", True, "Методический кабинет, каб. 214"
    college.save()
    shown, _consent = consented_mentor(college, "Почётова", name="Вера")
    set_mentor_photo(shown, upload=image_upload(), actor=world.college_curator)
    gone, consent = consented_mentor(college, "Отозвавшая", name="Инна")
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление от 01.12.2026",
                     actor=world.college_curator)

    page = new_page(browser, live_server)
    shots.append(page)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto("/public/kogalym/")
    assert "Наставничество: Город Когалым" in page.locator("h1").inner_text()
    page.get_by_role("link", name=college.name).click()
    page.wait_for_url(re.compile(r"/public/o/kpk/$"))

    board = page.locator("#mentors")
    assert "Почётова Вера" in board.inner_text()
    assert "Отозвавшая" not in page.content()
    photo = board.get_by_role("img", name=re.compile("Почётова"))
    photo.wait_for()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 600
    assert "каб. 214" in page.locator("#contacts").locator("..").inner_text()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noarchive, noimageindex"

    page.get_by_role("link", name=re.compile("Наставничество: Город Когалым")).click()
    page.wait_for_url(re.compile(r"/public/kogalym/$"))
    assert page.url.endswith("/public/kogalym/")
    assert not problems, problems
