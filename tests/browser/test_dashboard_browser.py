"""The dashboard in a real browser: Debian Chromium driven by Playwright against a live server.

Checks that the headline figures are visible, both maps are drawn as SVG paths, the language
link switches to English, no console error occurs and no request leaves this machine.
Without /usr/bin/chromium the test skips, except in CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.config import load_settings
from ecc_atlas.web.dashboard import data

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TIMEOUT_MS = 30_000


def require_chromium(path: Path) -> Path:
    """``path`` if it exists; otherwise fail in CI (``CI=true``) and skip elsewhere."""
    if not path.exists():
        message = f"{path} is missing: install the Debian package `chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Browser tests may not skip in CI.")
        pytest.skip(message)
    return path


@pytest.fixture
def chromium() -> Path:
    """The Debian Chromium binary."""
    return require_chromium(CHROMIUM)


def test_missing_chromium_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="may not skip in CI"):
        require_chromium(tmp_path / "no-chromium")


def test_missing_chromium_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        require_chromium(tmp_path / "no-chromium")


@pytest.mark.django_db(transaction=True)
def test_dashboard_in_chromium(
    chromium: Path,
    live_server: Any,
    settings: SettingsWrapper,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Request, Route, expect, sync_playwright

    from ecc_atlas.services.demo import load_demo

    config = load_settings(home=tmp_path)
    load_demo(config)
    settings.ECC_ATLAS = config
    data.clear_cache()
    figures = data.figures().to_json()["figures"]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    errors: list[str] = []
    external: list[str] = []

    def guard(route: Route, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            external.append(request.url)
            route.abort()
        else:
            route.continue_()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route("**/*", guard)

            page.goto(f"{live_server.url}/")
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            cards = page.get_by_test_id("headline-figures").locator("li.card")
            expect(cards).to_have_count(len(figures))
            for figure in figures:
                card = page.locator(f'li[data-figure-key="{figure["key"]}"]')
                expect(card).to_be_visible()
                expect(card.locator(".card-label")).to_have_text(figure["label_sv"])
                expect(card.locator(".value")).not_to_be_empty()
            expect(page.get_by_test_id("synthetic-banner")).to_contain_text("Syntetiska demodata")

            _expect_map(page, "kommun-map", minimum_paths=10)
            _expect_map(page, "county-map", minimum_paths=21)
            expect(page.locator('[data-testid="trend-chart"] svg')).to_be_visible()

            page.get_by_test_id("language-switch").click()
            page.wait_for_url(f"{live_server.url}/en/")
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.get_by_role("heading", name="Headline figures")).to_be_visible()
            for figure in figures:
                label = page.locator(f'li[data-figure-key="{figure["key"]}"] .card-label')
                expect(label).to_have_text(figure["label_en"])
            expect(page.get_by_test_id("synthetic-banner")).to_contain_text("Synthetic demo data")
            _expect_map(page, "kommun-map", minimum_paths=10)
            _expect_map(page, "county-map", minimum_paths=21)
            browser.close()
    finally:
        data.clear_cache()

    assert external == [], f"requests to other hosts: {external}"
    assert errors == [], f"console errors: {errors}"


def _expect_map(page: Any, chart: str, *, minimum_paths: int) -> None:
    """The chart container was rendered by vega-embed into an SVG with enough paths."""
    from playwright.sync_api import expect

    container = page.get_by_test_id(f"{chart}-chart")
    expect(container).to_have_attribute("data-vega-state", "rendered")
    svg = container.locator("svg").first
    expect(svg).to_be_visible()
    count = container.locator("svg path").count()
    assert count >= minimum_paths, f"{chart}: {count} paths"
