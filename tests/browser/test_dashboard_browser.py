"""The dashboard in a real browser: Debian Chromium driven by Playwright against a live server.

One browser and one demo data home for the module. Every page loads in Swedish and English
without console errors and without a request leaving this machine; every chart is drawn
with marks and a text alternative; a filter changes the numbers; a download holds the
numbers on screen; the pages pass an offline accessibility check (axe-core bundled with
axe-playwright-python) without serious or critical violations, work from the keyboard, and
still draw their charts under a strict Content-Security-Policy.
Without /usr/bin/chromium the tests skip, except in CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from ecc_atlas.config import load_settings
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.pages import PAGES

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
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def require_chromium(path: Path) -> Path:
    """``path`` if it exists; otherwise fail in CI (``CI=true``) and skip elsewhere."""
    if not path.exists():
        message = f"{path} is missing: install the Debian package `chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Browser tests may not skip in CI.")
        pytest.skip(message)
    return path


def test_missing_chromium_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="may not skip in CI"):
        require_chromium(tmp_path / "no-chromium")


def test_missing_chromium_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        require_chromium(tmp_path / "no-chromium")


class Browser:
    """One Chromium page for the module, with the console and the network watched."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.external: list[str] = []

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.wait_for_charts()

    def wait_for_charts(self) -> None:
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('[data-vega-spec-url]'))"
            ".every(e => e.dataset.vegaState)"
        )

    def check(self) -> None:
        errors, external = list(self.errors), list(self.external)
        self.errors.clear()
        self.external.clear()
        assert external == [], f"requests to other hosts: {external}"
        assert errors == [], f"console errors: {errors}"


@pytest.fixture(scope="module")
def site(
    live_server: Any,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The live server over a demo data home (database open for the module)."""
    from django.conf import settings as django_settings

    from ecc_atlas.services.demo import load_demo

    original = django_settings.ECC_ATLAS
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        config = load_settings(home=tmp_path_factory.mktemp("browser-home"))
        load_demo(config)
        django_settings.ECC_ATLAS = config
        data.clear_cache()
        yield str(live_server.url)
        data.clear_cache()
        django_settings.ECC_ATLAS = original
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _registry_rows(request: pytest.FixtureRequest) -> None:
    """pytest-django flushes the database after every test that uses the live server; put the
    demo's registry rows back (identical rows: the memoised results stay valid)."""
    if "site" not in request.fixturenames:
        return
    from django.conf import settings as django_settings

    from ecc_atlas.services.demo import load_demo
    from ecc_atlas.web.registry.models import Organisation

    request.getfixturevalue("site")
    if not Organisation.objects.exists():
        load_demo(django_settings.ECC_ATLAS)


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Browser]:
    require_chromium(CHROMIUM)
    from playwright.sync_api import Request, Route, sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        watched = Browser(page, site)

        def guard(route: Route, request: Request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
                watched.external.append(request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        yield watched
        chromium.close()


def _marks(page: Any, chart: str) -> int:
    container = page.get_by_test_id(f"{chart}-chart")
    return int(container.locator("svg g.role-mark > path, svg g.role-mark > text").count())


def test_every_page_in_both_languages_draws_its_charts_and_passes_axe(browser: Browser) -> None:
    """Every page, both languages: charts drawn with marks and a text alternative; the Swedish
    pages (with every data view opened) and the report page also go through axe-core."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()
    page = browser.page
    violations: dict[str, list[str]] = {}
    for lang, prefix in (("sv", ""), ("en", "/en")):
        for definition in PAGES:
            browser.goto(f"{prefix}/{definition.path}")
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.locator("h1")).to_be_visible()
            expect(page.get_by_test_id("synthetic-banner")).to_be_visible()
            for section in definition.sections:
                if section.chart is None:
                    continue
                container = page.get_by_test_id(f"{section.chart}-chart")
                expect(container).to_have_attribute("data-vega-state", "rendered")
                svg = container.locator("svg").first
                expect(svg).to_have_attribute("role", "img")
                assert (svg.get_attribute("aria-label") or "").strip()
                assert _marks(page, section.chart) > 0, (lang, section.chart)
            if lang == "sv":
                violations.update(_serious(axe, page, prefix + "/" + definition.path))
    browser.goto("/report/")
    violations.update(_serious(axe, page, "/report/"))
    assert violations == {}
    browser.check()  # axe ran offline too: no request left this machine


def _serious(axe: Any, page: Any, path: str) -> dict[str, list[str]]:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    result = axe.run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    return {path: found} if found else {}


def test_maps_draw_every_region(browser: Browser) -> None:
    browser.goto("/")
    page = browser.page
    assert _marks(page, "kommun-map") >= 10
    assert _marks(page, "county-map") >= 21
    browser.check()


def test_language_switch_keeps_the_page(browser: Browser) -> None:
    from playwright.sync_api import expect

    browser.goto("/workforce/?segment=manufacturing")
    browser.page.get_by_test_id("language-switch").click()
    browser.page.wait_for_url(re.compile(r"/en/workforce/\?segment=manufacturing$"))
    expect(browser.page.locator("html")).to_have_attribute("lang", "en")
    expect(browser.page.get_by_role("heading", name="Age and gender")).to_be_visible()
    browser.wait_for_charts()
    browser.check()


def test_a_filter_changes_the_data(browser: Browser) -> None:
    page = browser.page
    browser.goto("/workforce/")
    table = page.get_by_test_id("age-pyramid-table")
    before = table.text_content()
    spec_before = page.get_by_test_id("age-pyramid-chart").get_attribute("data-vega-spec-url")
    page.select_option("#filter-segment", "manufacturing")
    page.select_option("#filter-kommun", "1980")
    page.get_by_test_id("apply-filters").click()
    page.wait_for_url(re.compile(r"segment=manufacturing"))
    browser.wait_for_charts()
    after = page.get_by_test_id("age-pyramid-table").text_content()
    spec_after = page.get_by_test_id("age-pyramid-chart").get_attribute("data-vega-spec-url")
    assert before != after
    assert spec_after != spec_before
    assert "segment=manufacturing" in (spec_after or "")
    assert _marks(page, "age-pyramid") > 0
    browser.check()


def _digits(text: str) -> str:
    return re.sub(r"[^\d]", "", text)


def test_downloads_hold_the_numbers_on_screen(browser: Browser, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page = browser.page
    browser.goto("/")
    view = page.get_by_test_id("kommun-map-data")
    view.locator("summary").click()
    row = view.locator("tr", has=page.locator("th", has_text="Västerås"))
    shown = row.locator("td").first.inner_text()  # employees, as the page formats it
    assert _digits(shown)
    with page.expect_download() as csv_download:
        view.locator('a[data-format="csv"]').click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    rows = {r["kommun_code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["1980"]["employees"] == _digits(shown)
    with page.expect_download() as xlsx_download:
        view.locator('a[data-format="xlsx"]').click()
    saved = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    book = load_workbook(saved)
    sheet = book["data"]
    values = {r[1].value: r[2].value for r in sheet.iter_rows(min_row=2)}
    assert str(values["Västerås"]) == _digits(shown)
    browser.check()


def test_keyboard_reaches_content_sorting_and_data_views(browser: Browser) -> None:
    page = browser.page
    browser.goto("/regions/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    button = page.locator("table[data-sortable] th .sort-button").nth(4)
    button.focus()
    page.keyboard.press("Enter")
    header = page.locator("table[data-sortable] th").nth(4)
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    summary = page.get_by_test_id("county-map-data").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_test_id("county-map-data").get_attribute("open") is not None
    browser.check()


def test_charts_draw_under_a_strict_content_security_policy(browser: Browser) -> None:
    from playwright.sync_api import Route

    page = browser.page

    def with_csp(route: Route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    pattern = re.compile(r"^http://[^/]+/(en/)?(workforce/|shortages/|recruitment/)?$")
    page.route(pattern, with_csp)
    try:
        for path in ("/", "/workforce/", "/en/recruitment/", "/shortages/"):
            browser.goto(path)
            states = page.eval_on_selector_all(
                "[data-vega-spec-url]", "els => els.map(e => e.dataset.vegaState)"
            )
            assert states
            assert set(states) == {"rendered"}, (path, states)
    finally:
        page.unroute(pattern, with_csp)
    browser.check()  # a CSP violation is a console error


def test_api_docs_work_offline(browser: Browser) -> None:
    from playwright.sync_api import expect

    browser.page.goto(browser.base + "/api/docs")
    expect(browser.page.locator(".swagger-ui .info .title")).to_contain_text("ECC Atlas API")
    expect(browser.page.get_by_text("/api/tables/{name}/export").first).to_be_visible()
    browser.check()
