"""Helpers of the Playwright tests (Debian's Chromium); the ``browser`` and
``shots`` fixtures are in the root conftest.py."""

import io
import os
import re
from pathlib import Path

from pypdf import PdfReader

# Playwright's sync API runs an event loop in the test's thread; the ORM calls a
# test makes between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-pass-2026"


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    return page


def login(browser, live_server, username):
    page = new_page(browser, live_server)
    page.goto("/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


