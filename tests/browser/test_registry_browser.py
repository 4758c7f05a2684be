"""The registry work pages in Chromium: an analyst uploads a registry CSV, sees the dry run,
imports it (the job runs in the server's background thread; the page follows it with
registry/imports.js), then excludes the new organisation on the delimitation page and
includes it again with a bulk decision.

On SQLite the test database lives in memory with a shared cache, whose table locks fail at
once instead of waiting (a file database, as in production, waits): there the jobs run inline
in the request. On PostgreSQL they run in the real background thread.

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

PASSWORD = "browser-registry-pw-5e2a"
BODY = "559030001"
NUMBER = BODY + str(luhn_check_digit(BODY))
NAME = "Webbuppladdad Energi AB"


@pytest.fixture
def site(
    live_server: Any,
    django_db_blocker: DjangoDbBlocker,
    tmp_path: Path,
) -> Iterator[str]:
    """The live server over an empty data home, with one analyst."""
    from django.conf import settings as django_settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from ecc_atlas.web.accounts.roles import set_role
    from ecc_atlas.web.registry import jobs

    original = django_settings.ECC_ATLAS
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        if connection.vendor == "sqlite":
            patch.setattr(jobs, "start", jobs.run)
        config = load_settings(home=tmp_path / "home")
        config.home.mkdir()
        django_settings.ECC_ATLAS = config
        user = get_user_model().objects.create_user(username="browser-analyst", password=PASSWORD)
        set_role(user, "analyst")
        yield str(live_server.url)
        django_settings.ECC_ATLAS = original
        call_command("flush", interactive=False, verbosity=0)


def test_analyst_uploads_imports_and_decides(site: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page
    csv = (
        "org_number;name;kind;sni_code;kommun_code;year;included;reason;segment\n"
        f"{NUMBER};{NAME};company;35.13;1980;2024;ja;Elnät i Västerås;grids\n"
    ).encode()
    tab.sign_in(site, "browser-analyst", PASSWORD)
    page.goto(site + "/en/registry/imports/")
    expect(page.locator("h1")).to_have_text("Imports")
    assert tab.serious() == []

    page.select_option("#id_source", "registry")
    page.set_input_files(
        "#id_file", files=[{"name": "registry.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Upload and check").click()
    # the dry run runs in the background; imports.js reloads the page when it is done
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "checked")
    expect(page.get_by_role("heading", name="Dry run: what the import would change"))
    expect(page.get_by_text("organisations created")).to_be_visible()
    assert tab.serious() == []
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-result")).to_contain_text("The data changed")

    page.goto(site + f"/en/registry/delimitation/?year=2024&keyword={NAME.split()[0]}")
    row = page.get_by_test_id("candidates").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Included")
    expect(row).to_contain_text("Västerås")
    assert tab.serious() == []
    row.get_by_role("link", name=NAME).click()
    page.get_by_label("Exclude").check()
    page.fill("#id_reason", "Säljer bara konsulttjänster")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded for 2024")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Säljer bara konsulttjänster")
    expect(history).to_contain_text("superseded")
    assert tab.serious() == []
    # back to the screening: select every row (registry/delimitation.js), decide in bulk
    page.get_by_role("link", name="Back to the screening").click()
    page.fill("#id_keyword", NAME.split()[0])
    page.get_by_role("button", name="Screen", exact=True).click()
    page.check("#select-all")
    expect(page.locator("tbody input[name=organisations]")).to_be_checked()
    page.get_by_test_id("bulk-form").get_by_label("Include", exact=True).check()
    page.select_option("#id_segment", "grids")
    page.fill("#id_reason", "Omprövad: driver elnät")
    page.get_by_role("button", name="Record the decision for 2024").click()
    expect(page.get_by_role("status")).to_contain_text("1 organisation (2024)")
    expect(page.get_by_test_id("candidates")).to_contain_text("Omprövad: driver elnät")
    assert tab.external == []
    assert tab.errors == []
