"""The employer survey end to end in Chromium.

A member signs in, opens the open round of their company, adds a row with the page's script
(survey.js), fills two rows (one with skills suggested for the occupation), saves a draft,
reloads and sees them, submits; an analyst then sees the company as submitted on the round
page. The member's and the analyst's pages pass an offline accessibility check (axe-core)
without serious or critical violations, without console errors or requests leaving this
machine.

Without /usr/bin/chromium the test skips, except in CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from ecc_atlas.config import load_settings
from ecc_atlas.identifiers import luhn_check_digit

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
PASSWORD = "browser-survey-pw-8c1d"
BODY = "559873001"
NUMBER = BODY + str(luhn_check_digit(BODY))
NAME = "Enkätens Kraft AB"
YEAR = 2089


def _chromium() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install the Debian package `chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Browser tests may not skip in CI.")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture
def site(live_server: Any, django_db_blocker: DjangoDbBlocker, tmp_path: Path) -> Iterator[str]:
    """The live server with a company, its member, an analyst and an open round."""
    from django.conf import settings as django_settings
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.accounts.models import Membership
    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.registry.models import Organisation
    from ecc_atlas.web.survey.models import SurveyRound

    original = django_settings.ECC_ATLAS
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        config = load_settings(home=tmp_path / "home")
        config.home.mkdir()
        django_settings.ECC_ATLAS = config
        users = get_user_model()
        org = Organisation.objects.create(org_number=NUMBER, name=NAME)
        member = users.objects.create_user(username="survey-browser-member", password=PASSWORD)
        set_role(member, "member")
        Membership.objects.create(user=member, organisation=org)
        analyst = users.objects.create_user(username="survey-browser-analyst", password=PASSWORD)
        set_role(analyst, "analyst")
        SurveyRound.objects.create(year=YEAR, status="open")
        yield str(live_server.url)
        django_settings.ECC_ATLAS = original
        call_command("flush", interactive=False, verbosity=0)


def _serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _sign_in(page: Any, site: str, username: str) -> None:
    page.goto(site + "/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_member_answers_and_analyst_sees_it_submitted(site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    chromium_path = _chromium()
    errors: list[str] = []
    external: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def guard(route: Any, request: Any) -> None:
            if urlsplit(request.url).hostname not in LOCAL_HOSTS:
                external.append(request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))

        _sign_in(page, site, "survey-browser-member")
        page.goto(site + "/en/survey/")
        expect(page.locator("h1")).to_have_text("Competence-needs survey")
        assert _serious(page) == []
        page.get_by_role("link", name=f"Answer – {NAME}").click()
        expect(page.locator("h1")).to_contain_text(NAME)
        rows = page.locator("fieldset.survey-row")
        expect(rows).to_have_count(3)
        page.get_by_role("button", name="Add a row").click()  # survey.js
        expect(rows).to_have_count(4)
        expect(page.locator("#id_answers-3-ssyk")).to_be_focused()

        page.select_option("#id_answers-0-ssyk", "2143")
        suggested = page.locator("#id_answers-0-skills option.survey-suggested")
        expect(suggested.first).to_be_attached()  # skills linked to 2143 are marked
        page.select_option("#id_answers-0-horizon_years", "5")
        page.fill("#id_answers-0-planned_recruitments", "6")
        page.fill("#id_answers-0-expected_retirements", "2")
        page.select_option("#id_answers-0-difficulty", "4")
        page.fill("#id_answers-0-hard_to_find", "Reläskydd i stationer")
        page.select_option("#id_answers-0-skills", ["relay_protection", "substations"])
        page.select_option("#id_answers-3-ssyk", "7411")
        page.select_option("#id_answers-3-horizon_years", "1")
        page.fill("#id_answers-3-planned_recruitments", "3")
        page.select_option("#id_answers-3-difficulty", "2")
        assert _serious(page) == []
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".survey-message")).to_contain_text("Draft saved")

        page.reload()
        expect(page.locator(".survey-status").first).to_have_text("Draft")
        expect(page.locator("#id_answers-0-ssyk")).to_have_value("2143")
        expect(page.locator("#id_answers-0-hard_to_find")).to_have_value("Reläskydd i stationer")
        expect(page.locator("#id_answers-1-ssyk")).to_have_value("7411")
        expect(page.locator("#id_answers-1-planned_recruitments")).to_have_value("3")
        selected = page.eval_on_selector(
            "#id_answers-0-skills", "s => Array.from(s.selectedOptions).map(o => o.value)"
        )
        assert sorted(selected) == ["relay_protection", "substations"]
        page.get_by_role("button", name="Submit").click()
        expect(page.locator(".survey-message")).to_contain_text("submitted")
        expect(page.locator(".survey-status").first).to_have_text("Submitted")
        page.click("text=Sign out")

        _sign_in(page, site, "survey-browser-analyst")
        page.goto(site + "/en/survey/")  # analysts land on the rounds page
        expect(page.locator("h1")).to_have_text("Survey rounds")
        page.get_by_role("link", name=str(YEAR)).click()
        row = page.locator("tbody tr", has_text=NAME)
        expect(row).to_contain_text("Submitted")
        expect(row).to_contain_text("survey-browser-member")
        assert _serious(page) == []
        browser.close()
    assert errors == [], errors
    assert external == [], external
