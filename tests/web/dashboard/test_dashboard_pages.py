"""The public dashboard page in Swedish (/) and English (/en/), with the Django test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard.formatting import NBSP, format_number, format_percent

pytestmark = pytest.mark.django_db


def _figures(client: Client) -> list[dict[str, Any]]:
    response = client.get("/api/figures")
    assert response.status_code == 200
    return list(response.json()["figures"])


def test_swedish_page(client: Client, demo: Settings) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Nyckeltal" in html
    assert "Syntetiska demodata" in html  # the banner: the demo is synthetic
    assert 'href="/en/"' in html
    assert 'id="main"' in html
    assert 'class="skip-link"' in html
    for figure in _figures(client):
        assert figure["label_sv"] in html
        assert figure["definition_sv"] in html
        assert f'data-figure-key="{figure["key"]}"' in html
    assert "Anställda per kommun" in html
    assert "Koncentration per län" in html


def test_english_page(client: Client, demo: Settings) -> None:
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Headline figures" in html
    assert "Synthetic demo data" in html
    assert "Nyckeltal" not in html
    for figure in _figures(client):
        assert figure["label_en"] in html
    assert re.search(r'class="lang-switch" href="/"', html)


def test_numbers_are_formatted_for_the_language(client: Client, demo: Settings) -> None:
    employees = next(f for f in _figures(client) if f["key"] == "employees")["value"]
    assert employees >= 1000  # the demo sector is thousands of people
    sv = client.get("/").content.decode()
    en = client.get("/en/").content.decode()
    assert format_number(employees, lang="sv") in sv
    assert NBSP in format_number(employees, lang="sv")
    assert format_number(employees, lang="en") in en
    assert "," in format_number(employees, lang="en")


def test_each_chart_has_heading_text_alternative_table_and_json_links(
    client: Client, demo: Settings
) -> None:
    html = client.get("/").content.decode()
    for chart in ("kommun-map", "county-map", "trend"):
        assert f'id="{chart}-heading"' in html
        assert re.search(rf'data-vega-spec-url="/api/charts/{chart}\?[^"]*lang=sv', html)
    assert html.count("<figcaption>") == 3
    assert html.count('<details class="data-view"') == 3
    assert 'href="/api/tables/kommun-employment?year=' in html
    assert 'href="/api/tables/county-concentration?year=' in html
    assert 'href="/api/tables/sector-trend?lang=sv"' in html


def test_no_cdn_and_no_inline_scripts(client: Client, demo: Settings) -> None:
    for url in ("/", "/en/", "/api/docs"):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, url
        for tag in scripts:
            source = re.search(r'src="([^"]*)"', tag)
            if source is None:  # only data blocks may be inline
                assert 'type="application/json"' in tag, tag
            else:
                assert source.group(1).startswith("/"), tag
        for link in re.findall(r"<link\b[^>]*>", html):
            href = re.search(r'href="([^"]*)"', link)
            assert href is not None, link
            assert href.group(1).startswith("/"), link


def test_language_link_keeps_the_query(client: Client, demo: Settings) -> None:
    html = client.get("/", {"year": "2024"}).content.decode()
    assert 'href="/en/?year=2024"' in html


def test_footer_lists_dataset_provenance(client: Client, demo: Settings) -> None:
    html = client.get("/").content.decode()
    assert "Data och källor" in html
    assert "<code>workforce</code>" in html


def test_vega_bundle_is_served_as_javascript(client: Client) -> None:
    response = client.get("/assets/vega-bundle.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "immutable" in response["Cache-Control"]
    body = response.content.decode()
    assert "window.vegaEmbed=" in body
    zipped = client.get("/assets/vega-bundle.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) < len(response.content) / 2
    again = client.get("/assets/vega-bundle.js", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_static_script_and_css_are_served(client: Client) -> None:
    for path in ("/static/dashboard/dashboard.js", "/static/dashboard/dashboard.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        response.close()
        assert content


def test_swagger_assets_are_served_locally(client: Client) -> None:
    response = client.get("/assets/swagger/swagger-ui-bundle.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
    response.close()
    assert client.get("/assets/swagger/../../settings.py").status_code == 404
    assert client.get("/assets/swagger/unknown.js").status_code == 404


def test_page_without_data_explains_what_to_do(client: Client, empty_home: Settings) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inga data ännu" in html
    assert "ecc-atlas demo" in html
    assert "Syntetiska demodata" not in html


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (10234, "sv", 0, f"10{NBSP}234"),
        (10234, "en", 0, "10,234"),
        (44.53, "sv", 1, "44,5"),
        (44.53, "en", 1, "44.5"),
        (1234567.891, "sv", 2, f"1{NBSP}234{NBSP}567,89"),
        (-5, "sv", 0, "−5"),
        (None, "sv", 0, "–"),
        (float("nan"), "en", 0, "–"),
    ],
)
def test_format_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang=lang, decimals=decimals) == expected


def test_format_percent() -> None:
    assert format_percent(0.234, lang="sv") == f"23{NBSP}%"
    assert format_percent(0.234, lang="en") == "23%"
    assert format_percent(0.2356, lang="sv", decimals=1) == f"23,6{NBSP}%"
