"""Browser-test setup: Debian Chromium through Playwright, offline, checked with axe-core.

``tab`` opens one page in a fresh browser context and keeps watch: every console error and
page error goes to ``tab.errors``, every request that would leave this machine is aborted
and listed in ``tab.external``, and ``tab.serious()`` runs axe-core (offline) on the page
and returns its serious and critical violations. Without /usr/bin/chromium a browser test
skips, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]  # fmt: skip
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TIMEOUT_MS = 30_000


def chromium_path() -> Path:
    """The Chromium binary; skip without it (fail in CI)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install the Debian package `chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Browser tests may not skip in CI.")
        pytest.skip(message)
    return CHROMIUM


@dataclass
class Tab:
    """A page under watch (see the module docstring)."""

    page: Any
    context: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def serious(self, *, open_details: bool = True) -> list[str]:
        """Serious or critical axe-core violations on the current page (with every
        ``<details>`` opened first, so folded content is checked too)."""
        from axe_playwright_python.sync_playwright import Axe

        if open_details:
            self.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        result = Axe().run(self.page)
        return [
            f"{self.page.url}: {v['id']} ({v['impact']}): {v['help']}"
            for v in result.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    def sign_in(self, base: str, username: str, password: str) -> None:
        """Sign in through the English sign-in page."""
        self.page.goto(base + "/en/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")


@pytest.fixture
def tab() -> Iterator[Tab]:
    """One watched page in Chromium (1280 × 900)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watched = Tab(page, context)

        def guard(route: Any, request: Any) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in {"http", "https"} and parts.hostname not in LOCAL_HOSTS:
                watched.external.append(request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        yield watched
        browser.close()
