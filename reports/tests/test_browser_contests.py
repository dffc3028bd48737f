"""Issue 14 in Debian's Chromium (Playwright): the territory curator opens a
contest whose jury has scored everything, closes it, sees the ranking with the
totals and the tie note, and drafts the results order, which lists the winners."""

import re
import shutil

import pytest

from mentoring.tests.browser import CHROMIUM, PASSWORD, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def scored(transactional_db, territory_world):
    from .contest_world import build_contest_world, nominate_both, score_all

    cw = build_contest_world(territory_world)
    college, school = nominate_both(cw)
    # college: 8×3 + 6×2 + 4×1 = 40 (both jurors); school: 9×3 + 5×2 + 3×1 = 40 (juror A only)
    score_all(cw, cw.juror_a, college, [8, 6, 4])
    score_all(cw, cw.juror_b, college, [8, 6, 4])
    score_all(cw, cw.juror_a, school, [9, 5, 3])
    coordinator = territory_world.coordinator
    coordinator.set_password(PASSWORD)
    coordinator.save(update_fields=["password"])
    return cw


def test_browser_coordinator_closes_a_contest_and_drafts_the_results_order(browser, live_server, scored, shots):
    from reports.enums import ContestStage, OrderKind, OrderStatus
    from reports.models import Order

    cw = scored
    page = login(browser, live_server, "coordinator")
    shots.append(page)
    page.get_by_role("link", name="Конкурсы").first.click()
    page.get_by_role("link", name="Лучший наставник — 2026").click()
    page.wait_for_url(re.compile(r"/reports/contests/\d+/$"))
    assert page.locator("#missing").inner_text() == "Все члены жюри выставили все оценки."
    assert page.locator("[data-total]").count() == 0
    page.get_by_role("button", name="Закрыть и составить рейтинг").click()
    page.wait_for_url(re.compile(r"/results/$"))
    cw.contest.refresh_from_db()
    assert cw.contest.stage == ContestStage.CLOSED
    assert page.locator("[data-total]").all_inner_texts() == ["40,00", "40,00"]
    assert page.locator("[data-rank]").all_inner_texts() == ["1", "2"]
    # equal totals: the school is ahead on the heaviest criterion (27 > 24)
    assert "по критерию «Результаты наставляемых» (вес 3,00): 24,00 против 27,00" in page.locator(
        "[data-tie]").all_inner_texts()[1]
    page.locator("#draft-order").click()
    page.get_by_role("button", name="Сохранить проект").click()
    page.wait_for_url(re.compile(r"/results/$"))
    order = Order.objects.get(kind=OrderKind.CONTEST_RESULTS)
    assert (order.status, order.organization) == (OrderStatus.DRAFT, cw.world.authority)
    winners = page.locator("#order-winners tbody tr").all_inner_texts()
    assert "Школьная Анна Петровна" in winners[0] and "Колледжева Анна Петровна" in winners[1]
    page.get_by_role("button", name="Направить на подпись").click()
    page.wait_for_selector("text=Приказ об итогах направлен руководителю на подпись.")
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
