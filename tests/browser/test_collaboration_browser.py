"""The dialogue workflow end to end in Chromium: from a dashboard view to a closed action.

An analyst opens a dashboard page, follows "Log a meeting about this view", saves the meeting
(the view is pre-filled as an analysis shown), adds a follow-up action, closes it with an
outcome, and finds it among the closed actions of the dialogue log. Without /usr/bin/chromium
the test skips, except in CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pytest
from django.test import Client

from ecc_atlas.config import load_settings
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.dashboard import data

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TIMEOUT_MS = 30_000


@pytest.fixture
def home(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A small data home (enough for the method page) for the live server."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    config = load_settings(home=tmp_path)
    programmes = pa.table(
        {
            "provider": ["College"] * 3,
            "ssyk": ["3113"] * 3,
            "year": pa.array([2021, 2022, 2023], pa.int32()),
            "graduates": pa.array([30, 34, 41], pa.int64()),
        }
    )
    with Catalog(config.warehouse_dir).transaction() as staging:
        staging.write("programmes", programmes, source="test", synthetic=True)
    settings.ECC_ATLAS = config
    data.clear_cache()
    yield config
    data.clear_cache()


@pytest.fixture
def analyst(transactional_db: None) -> Any:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.roles import set_role

    user = get_user_model().objects.create_user(
        username="collab_browser_analyst", password="collab-browser-pw-5e2a"
    )
    set_role(user, "analyst")
    return user


def test_log_a_meeting_from_a_dashboard_view(
    live_server: Any, home: Any, analyst: Any, tab: Any
) -> None:
    from playwright.sync_api import expect

    from ecc_atlas.web.collaboration.models import Action, Meeting, Project

    project = Project.objects.create(
        title="Electrical technicians programme",
        kind="education_programme",
        starts_on=date(2022, 8, 1),
        ends_on=date(2024, 6, 30),
        occupations=["3113"],
    )
    client = Client()
    client.force_login(analyst)
    session = client.cookies["sessionid"].value
    base = str(live_server.url)
    violations: list[str] = []
    page = tab.page
    host = urlsplit(base).hostname or "localhost"
    tab.context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])

    # 1. a dashboard view, and its link to the dialogue log
    page.goto(base + "/en/method/")
    link = page.locator(".log-meeting a")
    expect(link).to_have_text("Log a meeting about this view")
    link.click()
    page.wait_for_url("**/collaboration/meetings/new/**")

    # 2. the new-meeting form has the view pre-filled
    violations += tab.serious(open_details=False)
    shown = page.get_by_label("Analyses shown")
    expect(shown).to_have_value(re.compile(r"\| /en/method/$"))
    page.get_by_label("Title").fill("Round table on the method page")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url("**/collaboration/meetings/*/")
    expect(page.locator("h1")).to_have_text("Round table on the method page")
    expect(page.locator(".collab-shown a")).to_have_attribute("href", "/en/method/")

    # 3. add a follow-up action
    due = (date.today() + timedelta(days=14)).isoformat()
    page.get_by_label("Description").fill("Send the method note to the members")
    page.get_by_label("Owner (name)").fill("Anna Lindqvist")
    page.get_by_label("Due on").fill(due)
    page.get_by_role("button", name="Add the action").click()
    actions = page.locator("#meeting-actions")
    expect(actions).to_contain_text("Send the method note to the members")
    expect(actions).to_contain_text("Open")

    violations += tab.serious(open_details=False)

    # 4. close it with an outcome
    actions.get_by_role("link", name="Close").click()
    violations += tab.serious(open_details=False)
    page.get_by_label("Done").check()
    page.get_by_label("Outcome").fill("Sent to all 12 member companies")
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator("#meeting-actions")).to_contain_text("Sent to all 12 member companies")

    # 5. the dialogue log lists it among the closed actions, not the open ones
    page.goto(base + "/en/collaboration/meetings/")
    closed = page.locator("#actions-closed")
    expect(closed).to_contain_text("Send the method note to the members")
    expect(closed).to_contain_text("Sent to all 12 member companies")
    expect(page.locator("#actions-open")).to_have_count(0)
    violations += tab.serious(open_details=False)
    for path in ("/en/collaboration/", "/en/collaboration/training/", "/collaboration/public/"):
        page.goto(base + path)
        violations += tab.serious(open_details=False)

    # 6. a project page draws the effect chart next to its table
    page.goto(base + f"/en/collaboration/projects/{project.pk}/")
    chart = page.get_by_test_id("effect-chart")
    expect(chart).to_have_attribute("data-vega-state", "rendered")
    expect(chart.locator("svg").first).to_have_attribute("role", "img")
    expect(page.locator(".collab-effect")).to_contain_text("not proof of an effect")
    violations += tab.serious(open_details=False)

    meeting = Meeting.objects.get(title="Round table on the method page")
    assert meeting.analyses_shown[0]["url"] == "/en/method/"
    action = Action.objects.get(meeting=meeting)
    assert (action.status, action.outcome) == ("done", "Sent to all 12 member companies")
    assert tab.external == []
    assert tab.errors == []
    assert violations == []
