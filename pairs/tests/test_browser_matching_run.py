"""The matcher's run polled by the workspace in Debian's Chromium (issue 13,
matching in the worker): the click queues the run and the page says so; when
the worker has done the run, htmx (no inline script: CSP) reloads the page,
which shows the drafts."""

import re
import shutil

import pytest

from mentoring.tests.browser import CHROMIUM, login

from .test_browser_pairs import MENTEES, college  # noqa: F401 — the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_browser_workspace_polls_a_queued_run_until_it_is_done(
    browser, live_server, college, shots, monkeypatch  # noqa: F811
):
    from mentoring.models import MentoringForm
    from pairs.enums import MatchingRunStatus
    from pairs.models import MatchingRun
    from pairs.services.matching_runs import perform_matching_run
    from pairs.tasks import task_run_matching

    sent = []  # the broker: the job waits here until the test plays the worker
    monkeypatch.setattr(task_run_matching, "apply_async",
                        lambda *args, kwargs=None, **options: sent.append(kwargs))
    form = MentoringForm.objects.get(code="teacher-teacher")
    curator = login(browser, live_server, "curator")
    shots.append(curator)
    curator.goto("/pairs/form/")
    curator.locator("#id_filter_form").select_option(label=form.name)
    curator.get_by_role("button", name="Показать").click()
    curator.wait_for_url(re.compile(r"form=%d" % form.pk))

    with curator.expect_navigation():
        curator.locator("#run-button").click()

    progress = curator.locator("#run-progress")
    assert "Подбор в очереди" in progress.inner_text()
    assert curator.locator("#run-button").is_disabled()
    assert curator.locator("[id^=draft-]").count() == 0
    (job,) = sent
    run = MatchingRun.objects.get(pk=job["run_id"])
    assert run.status == MatchingRunStatus.QUEUED

    perform_matching_run(run.pk)  # the worker

    curator.wait_for_selector("#run-paired")  # reloaded by htmx (HX-Refresh)
    assert curator.locator("#run-progress").count() == 0
    paired = sum(1 for row in MENTEES.values() if row[5])
    assert curator.locator("#run-paired").inner_text().startswith(str(paired))
    assert curator.locator("tr[id^=draft-]").count() == paired
    assert not curator.locator("#run-button").is_disabled()
