"""Issue 5 in Debian's Chromium (Playwright): the curator drafts the pairs
approval order from the proposed pairs and submits it; the director signs it
after the confirmation page; both download the PDF and find «ПРИКАЗ», the
number, the date and the names (seed 000 5.6). Locators use ids and URLs, not
the newly translated labels."""

import re
import shutil

import pytest
from django.utils import timezone

from mentoring.enums import ParticipantCategory, Role
from mentoring.services import grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, download, login, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

PAIRS = [("Ковалёва", "Ирина", "Сергеевна", "Молодцов"), ("Шестаков", "Павел", "Андреевич", "Первушина")]


@pytest.fixture
def college(transactional_db):
    """A college with a curator, a director and two proposed pairs."""
    from mentoring.models import Organization
    from mentoring.services import ensure_reference_data
    from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory

    ensure_reference_data()
    organization = Organization.objects.create(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
    )
    grant_membership(organization=organization, username="curator", role=Role.CURATOR, password=PASSWORD)
    grant_membership(organization=organization, username="director", role=Role.DIRECTOR, password=PASSWORD)
    pairs = []
    for surname, name, patronymic, mentee in PAIRS:
        mentor = MentorFactory(participant=ParticipantFactory(
            organization=organization, surname=surname, name=name, patronymic=patronymic,
            category=ParticipantCategory.TEACHER))
        pairs.append(PairFactory(
            organization=organization, status="proposed", mentor=mentor,
            mentees=[MenteeFactory(participant=ParticipantFactory(
                organization=organization, surname=mentee, category=ParticipantCategory.YOUNG_SPECIALIST))],
        ))
    return {"organization": organization, "pairs": pairs}


def test_browser_orders_curator_drafts_director_signs_both_download(browser, live_server, college, shots):
    from pairs.models import Pair
    from reports.models import Order

    organization, pairs = college["organization"], college["pairs"]
    today = timezone.localdate().strftime("%d.%m.%Y")

    # 1. The curator drafts the pairs order from the register's «New order» menu.
    curator = login(browser, live_server, "curator")
    shots.append(curator)
    curator.goto("/reports/orders/")
    curator.locator("#new-order").click()
    curator.locator("[data-kind=pairs_approval]").click()
    curator.wait_for_url(re.compile(r"/orders/new/pairs_approval/"))
    # the search narrows the list; both pairs are chosen
    curator.locator("#order-items-search").fill("Шестаков")
    assert curator.locator("#order-items [data-item]:visible").count() == 1
    curator.locator("#order-items-search").fill("")
    for pair in pairs:
        curator.locator(f"#order-items input[value='{pair.pk}']").check()
    with curator.expect_navigation():
        curator.locator("main form button[type=submit]").click()
    order = Order.objects.get(organization=organization)
    assert order.status == "draft" and set(order.pairs.values_list("pk", flat=True)) == {p.pk for p in pairs}
    assert re.search(r"/orders/%d/$" % order.pk, curator.url)
    with curator.expect_navigation():
        curator.locator("#order-actions form[action$='/submit/'] button").click()
    order.refresh_from_db()
    assert order.status == "submitted"

    # 2. The director signs it after the confirmation page.
    director = login(browser, live_server, "director")
    shots.append(director)
    director.goto(f"/reports/orders/{order.pk}/")
    director.locator(f"#order-actions a[href$='/orders/{order.pk}/sign/']").click()
    director.wait_for_url(re.compile(r"/sign/$"))
    with director.expect_navigation():
        director.locator("#sign-button").click()
    order.refresh_from_db()
    assert (order.status, order.number, order.signed_by.username) == ("signed", 1, "director")
    assert director.locator("#order-number").inner_text().strip() == "1"
    assert {p.status for p in Pair.objects.filter(pk__in=[p.pk for p in pairs])} == {"approved"}

    # 3. Both download the PDF: the requisites, the number, the date and the names.
    for page in (director, curator):
        page.goto(f"/reports/orders/{order.pk}/")
        text = " ".join(pdf_text(download(page, page.locator("#download-pdf"))).split())
        for expected in ["ПРИКАЗ", "№ 1", today, "г. Анжеро-Судженск", "Ковалёва Ирина Сергеевна",
                         "Шестаков Павел Андреевич", "Молодцов", "Первушина", "Д. Ф. Ахмерова"]:
            assert expected in text, expected
        assert "ПРОЕКТ" not in text
