"""The actor network in Chromium: the analyst's full network and the public one, over the demo.

The demo is loaded into a data home behind a live server. An analyst opens
``/en/collaboration/network/``; a visitor goes from the dashboard's actors page to
``/en/collaboration/public/network/``. On both pages the Vega chart is drawn — one point per
organisation and one line per tie, as many as the page's figures say — under the site's own
Content-Security-Policy (``script-src 'self'``, no ``unsafe-eval``) without console errors or
requests leaving this machine, and axe-core finds no serious or critical violations. The public
network is a part of the full one and never names an organisation that takes part in
non-public projects only. Without /usr/bin/chromium the test skips, except in CI (``CI=true``)
where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecc_atlas.config import load_settings
from ecc_atlas.web.dashboard import data

pytestmark = pytest.mark.browser

PASSWORD = "network-browser-pw-81c3"
POINTS = "svg g.mark-symbol.role-mark > path"
LINES = "svg g.mark-rule.role-mark > line"


@pytest.fixture
def demo_home(
    transactional_db: None, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """The demo (registry, collaboration records, warehouse) in a data home for the server."""
    from ecc_atlas.services.demo import load_demo

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    config = load_settings(home=tmp_path)
    load_demo(config)
    settings.ECC_ATLAS = config
    data.clear_cache()
    yield config
    data.clear_cache()


@pytest.fixture
def analyst(transactional_db: None) -> Any:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.roles import set_role

    user = get_user_model().objects.create_user(
        username="network_browser_analyst", password=PASSWORD
    )
    set_role(user, "analyst")
    return user


@pytest.fixture
def private_only(demo_home: Any) -> str:
    """An organisation whose only project is not public: its name must stay off the public
    network."""
    from datetime import date

    from ecc_atlas.identifiers import luhn_check_digit
    from ecc_atlas.web.collaboration.models import Participation, Project
    from ecc_atlas.web.registry.models import Organisation

    project = Project.objects.create(
        title="Netbrowser private", kind="research", starts_on=date(2024, 1, 1), public=False,
        status="running",
    )  # fmt: skip
    partner = Organisation.objects.filter(project_participations__project__public=True).first()
    assert partner is not None, "the demo has no public project"
    stem = "559857001"
    hidden = Organisation.objects.create(
        org_number=stem + str(luhn_check_digit(stem)), name="Netbrowser Hidden AB", kind="company"
    )
    Participation.objects.create(project=project, organisation=hidden, role="lead")
    Participation.objects.create(project=project, organisation=partner, role="partner")
    return hidden.name


def _figure(page: Any, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text().strip())


def _drawn(page: Any, testid: str) -> tuple[int, int]:
    """Wait for the chart, check it is an SVG image with a text alternative; return the
    number of points and lines drawn."""
    from playwright.sync_api import expect

    chart = page.get_by_test_id(testid)
    expect(chart).to_have_attribute("data-vega-state", "rendered")
    svg = chart.locator("svg").first
    expect(svg).to_have_attribute("role", "img")
    assert (svg.get_attribute("aria-label") or "").strip()
    return chart.locator(POINTS).count(), chart.locator(LINES).count()


def test_network_charts_draw_for_analysts_and_visitors(
    live_server: Any, demo_home: Any, analyst: Any, private_only: str, tab: Any
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)
    page = tab.page
    violations: list[str] = []
    policies: list[str] = []

    def visit(url: str) -> None:
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        policies.append(response.headers.get("content-security-policy", ""))

    # 1. an analyst signs in and opens the full network (projects and meetings)
    tab.sign_in(base, analyst.username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    visit(base + "/en/collaboration/network/")
    expect(page.locator("h1")).to_have_text("Actor network")
    full_orgs, full_ties = _figure(page, "network-orgs"), _figure(page, "network-ties")
    assert full_ties > 0
    assert _drawn(page, "network-chart") == (full_orgs, full_ties)
    # the analyst's network has the organisation of a non-public project only
    spec = page.request.get(base + "/en/collaboration/network/chart.json").json()
    assert private_only in {p["name"] for p in spec["layer"][1]["data"]["values"]}
    violations += tab.serious()

    # 2. a visitor (no session): from the dashboard's actors page to the public network
    tab.context.clear_cookies()
    visit(base + "/en/actors/")
    page.get_by_test_id("actors-public-network").get_by_role("link").click()
    page.wait_for_url("**/en/collaboration/public/network/")
    visit(base + "/en/collaboration/public/network/")
    expect(page.locator("h1")).to_have_text("Public collaboration network")
    expect(page.get_by_test_id("public-network-scope")).to_contain_text(
        "Only public projects are shown"
    )
    public_orgs = _figure(page, "public-network-orgs")
    public_ties = _figure(page, "public-network-ties")
    assert 0 < public_ties <= full_ties
    assert 0 < public_orgs <= full_orgs
    assert _drawn(page, "public-network-chart") == (public_orgs, public_ties)
    table = page.get_by_test_id("public-network-table")
    expect(table.locator("tbody tr")).to_have_count(public_orgs)
    assert private_only not in page.content()
    violations += tab.serious()

    # 3. the public project list links to it; the period filter works
    visit(base + "/en/collaboration/public/")
    page.get_by_test_id("public-network-link").click()
    page.wait_for_url("**/en/collaboration/public/network/")
    years = page.locator("#network-from option[value]:not([value=''])")
    first = years.first.get_attribute("value")
    assert first
    page.locator("#network-from").select_option(first)
    page.locator("#network-to").select_option(first)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/public/network/?from={first}&to={first}")
    period_ties = _figure(page, "public-network-ties")
    assert period_ties <= public_ties
    if period_ties:
        points, lines = _drawn(page, "public-network-chart")
        assert (points, lines) == (_figure(page, "public-network-orgs"), period_ties)
    violations += tab.serious()

    # 4. the Swedish page draws too
    visit(base + "/collaboration/public/network/")
    expect(page.locator("h1")).to_have_text("Offentligt samarbetsnätverk")
    assert _drawn(page, "public-network-chart") == (public_orgs, public_ties)
    violations += tab.serious()

    # every page came with the site's CSP: scripts from the site only (no inline, no eval)
    assert policies
    for policy in policies:
        directives = {}
        for part in policy.split(";"):
            name, _, values = part.strip().partition(" ")
            directives[name] = values.strip()
        assert directives.get("script-src") == "'self'", policy
    assert tab.external == []
    assert tab.errors == []
    assert violations == []
