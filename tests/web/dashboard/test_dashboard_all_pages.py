"""All eight pages in Swedish and English: sections, data views, filters, notices, texts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard.pages import PAGES

pytestmark = pytest.mark.django_db

PATHS = {page.key: "/" + page.path for page in PAGES}


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_renders_with_sections_and_data_views(
    client: Client, demo: Settings, lang: str
) -> None:
    prefix = "" if lang == "sv" else "/en"
    assert len(PAGES) == 9
    for page in PAGES:
        html = _html(client, prefix + PATHS[page.key])
        assert f'<html lang="{lang}">' in html
        assert re.search(rf'data-testid="nav-{page.key}"[^>]*>|aria-current="page"', html)
        assert 'aria-current="page"' in html
        for section in page.sections:
            assert f'id="{section.anchor}"' in html, (page.key, section.anchor)
            assert f'data-testid="{section.anchor}-data"' in html
        downloads = re.findall(r'data-format="(csv|xlsx|parquet|json)"', html)
        assert {"csv", "xlsx", "parquet", "json"} <= set(downloads), page.key
        assert html.count("<figcaption>") == sum(1 for s in page.sections if s.chart)
        assert 'href="/api/tables/' in html
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('src="/' in tag for tag in scripts), scripts  # no inline scripts
        assert " style=" not in html  # no inline styles either (strict CSP)
        assert "http://" not in html.replace('href="http', "")


def test_suppressed_cells_read_sekretess_and_suppressed(client: Client, demo: Settings) -> None:
    sv = _html(client, "/workforce/")
    en = _html(client, "/en/workforce/")
    assert '<td class="num suppressed"' in sv
    assert "sekretess" in sv
    assert "suppressed" in en
    assert "omfattas av sekretess enligt röjandekontrollen" in sv


def test_filters_change_the_numbers(client: Client, demo: Settings) -> None:
    everything = _html(client, "/workforce/")
    one = _html(client, "/workforce/?segment=manufacturing&kommun=1980")
    assert 'option value="manufacturing" selected' in one
    assert 'option value="1980" selected' in one
    assert "segment=manufacturing" in one
    assert "kommun=1980" in one
    table = re.compile(r'data-testid="age-pyramid-table">.*?</table>', re.S)
    first, second = table.search(everything), table.search(one)
    assert first is not None
    assert second is not None
    assert first.group(0) != second.group(0)


def test_unknown_filter_values_are_ignored_with_a_notice(client: Client, demo: Settings) -> None:
    html = _html(client, "/workforce/?segment=nuclear-fusion&year=1850&kommun=0180")
    assert html.count('role="status"') == 3
    assert "nuclear-fusion" in html
    assert 'option value="" selected>Alla segment' in html


def test_measure_switches_the_county_map(client: Client, demo: Settings) -> None:
    html = _html(client, "/regions/?measure=exports")
    assert re.search(r"/api/charts/county-map\?[^\"]*measure=exports", html)
    assert 'option value="exports" selected' in html


def test_regions_page_says_where_the_county_stands(client: Client, demo: Settings) -> None:
    sv = _html(client, "/regions/")
    assert 'data-testid="regions-story"' in sv
    assert "Var Västmanlands län står, och varför" in sv
    assert "lokaliseringskvot" in sv
    en = _html(client, "/en/regions/")
    assert "Where Västmanland County stands, and why" in en
    assert "data-sortable" in en


def test_method_page_describes_delimitation_methods_and_disclosure(
    client: Client, demo: Settings
) -> None:
    html = _html(client, "/method/")
    for heading in ("Så avgränsas branschen", "Metoder och referenser", "Röjandekontroll",
                    "Syntetiska demodata"):  # fmt: skip
        assert heading in html
    assert 'data-testid="segments-table"' in html
    assert "Tillverkning av energiteknik" in html
    assert "färre än 5 personer" in html  # the policy's threshold, from the settings
    en = _html(client, "/en/method/")
    assert "Hundepool" in en
    assert "Isserman" in en


def test_actors_directory_lists_public_information_only(client: Client, demo: Settings) -> None:
    html = _html(client, "/actors/")
    assert 'data-testid="table-actors-table"' in html
    assert "Aroshögskolan" in html  # an academic actor of the demo
    assert "5567806442" not in html  # no organisation numbers, no figures per organisation
    academia = _html(client, "/actors/?kind=academia")
    assert academia.count("<tr>") < html.count("<tr>")


def test_recruitment_and_shortage_pages(client: Client, demo: Settings) -> None:
    recruitment = _html(client, "/recruitment/")
    assert "Scenarier sida vid sida" in recruitment
    assert "Efterhandsprövningens fel" in recruitment or "MAPE" in recruitment
    trend = _html(client, "/en/recruitment/?scenario=trend")
    assert 'option value="trend" selected' in trend
    shortages = _html(client, "/shortages/")
    assert "Bristyrken" in shortages
    assert "Signalerna säger emot varandra" in shortages


def test_report_page_offers_html_and_pdf(client: Client, demo: Settings) -> None:
    html = _html(client, "/report/")
    assert 'href="/report/annual.pdf?year=' in html
    assert 'href="/report/annual.html?year=' in html
    assert client.get("/report/annual.doc").status_code == 404
    assert client.get("/report/annual.pdf?year=1800").status_code == 404
    css = client.get("/report/report.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")


def test_pages_are_served_from_the_cache_until_the_data_change(
    client: Client, demo: Settings
) -> None:
    first = client.get("/sector/").content
    again = client.get("/sector/").content
    assert first == again
