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

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from ecc_atlas.config import load_settings
from ecc_atlas.identifiers import luhn_check_digit

pytestmark = pytest.mark.browser

PASSWORD = "browser-survey-pw-8c1d"
BODY = "559873001"
NUMBER = BODY + str(luhn_check_digit(BODY))
NAME = "Enkätens Kraft AB"
YEAR = 2089


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


def test_member_answers_and_analyst_sees_it_submitted(site: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page

    tab.sign_in(site, "survey-browser-member", PASSWORD)
    page.goto(site + "/en/survey/")
    expect(page.locator("h1")).to_have_text("Competence-needs survey")
    assert tab.serious() == []
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
    assert tab.serious() == []
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

    tab.sign_in(site, "survey-browser-analyst", PASSWORD)
    page.goto(site + "/en/survey/")  # analysts land on the rounds page
    expect(page.locator("h1")).to_have_text("Survey rounds")
    page.get_by_role("link", name=str(YEAR)).click()
    row = page.locator("tbody tr", has_text=NAME)
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("survey-browser-member")
    assert tab.serious() == []
    assert tab.errors == [], tab.errors
    assert tab.external == [], tab.external
