"""The JSON API behind the dashboard: shapes, provenance, 404s and validation errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ecc_atlas import reference
from ecc_atlas.config import Settings

pytestmark = pytest.mark.django_db

FIGURE_KEYS = {
    "key",
    "value",
    "unit",
    "label_sv",
    "label_en",
    "source",
    "method",
    "definition_sv",
    "definition_en",
}
REQUIRED_FIGURES = {
    "employees",
    "full_year_equivalents",
    "organisations",
    "workplaces",
    "phd_employees",
    "women_share",
    "mean_age",
    "recruitment_need_per_year",
    "concentration_rank",
    "export_per_capita_rank",
}


def _json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_figures_have_exactly_the_services_shape(client: Client, demo: Settings) -> None:
    from ecc_atlas.services.context import AnalysisContext
    from ecc_atlas.services.figures import headline_figures

    body = _json(client, "/api/figures?region=19")
    assert set(body) == {"region", "year", "synthetic", "figures"}
    assert body["region"] == "19"
    assert body["synthetic"] is True
    assert {figure["key"] for figure in body["figures"]} >= REQUIRED_FIGURES
    for figure in body["figures"]:
        assert set(figure) == FIGURE_KEYS
    expected = headline_figures(AnalysisContext.from_settings(demo), region="19").to_json()
    assert body == expected


def test_figures_for_an_earlier_year(client: Client, demo: Settings) -> None:
    latest = _json(client, "/api/figures")["year"]
    body = _json(client, f"/api/figures?year={latest - 1}")
    assert body["year"] == latest - 1


def test_one_figure_with_provenance(client: Client, demo: Settings) -> None:
    body = _json(client, "/api/figures/employees")
    assert body["figure"]["key"] == "employees"
    assert set(body["figure"]) == FIGURE_KEYS
    assert body["synthetic"] is True
    assert "workforce" in {source["dataset"] for source in body["sources"]}


def test_kommuner(client: Client, demo: Settings) -> None:
    body = _json(client, "/api/kommuner?lan=19")
    assert body["synthetic"] is True
    assert {row["kommun_code"] for row in body["rows"]} == {
        k.code for k in reference.kommuner("19")
    }
    assert body["columns"][:3] == ["kommun_code", "kommun", "employees"]
    assert "workforce" in {source["dataset"] for source in body["sources"]}
    assert all(source["synthetic"] for source in body["sources"])


def test_counties(client: Client, demo: Settings) -> None:
    body = _json(client, "/api/counties")
    assert len(body["rows"]) == 21
    assert {"lan_code", "lq", "lq_rank"} <= set(body["columns"])
    assert {"county_sector", "population"} <= {s["dataset"] for s in body["sources"]}


def test_trend(client: Client, demo: Settings) -> None:
    body = _json(client, "/api/trend?region=19")
    years = [row["year"] for row in body["rows"]]
    assert years[0] == 2015
    assert years == sorted(years)
    assert body["synthetic"] is True


@pytest.mark.parametrize(("name", "features"), [("kommun-map", 10), ("county-map", 21)])
def test_map_specs(client: Client, demo: Settings, name: str, features: int) -> None:
    spec = _json(client, f"/api/charts/{name}?lang=sv")
    assert spec["mark"]["type"] == "geoshape"
    assert len(spec["data"]["values"]) == features
    assert spec["description"]
    assert spec["usermeta"]["synthetic"] is True
    assert spec["usermeta"]["sources"]
    rows = spec["transform"][0]["from"]["data"]["values"]
    assert len(rows) == features


def test_chart_language(client: Client, demo: Settings) -> None:
    sv = _json(client, "/api/charts/trend?lang=sv")
    en = _json(client, "/api/charts/trend?lang=en")
    assert sv["title"]["text"] == "Anställda i energisektorn"
    assert en["title"]["text"] == "Energy-sector employment"
    assert en["config"]["locale"]["number"]["decimal"] == "."
    county = _json(client, "/api/charts/county-map?lang=en")
    names = {feature["properties"]["name"] for feature in county["data"]["values"]}
    assert "Västmanland County" in names


@pytest.mark.parametrize(
    "url",
    [
        "/api/figures?region=99",
        "/api/figures?year=1990",
        "/api/figures/no-such-figure",
        "/api/kommuner?lan=98",
        "/api/counties?year=2099",
        "/api/trend?region=00",
        "/api/charts/no-such-chart",
        "/api/charts/trend?year=1995",
    ],
)
def test_unknown_things_are_404_with_a_message(client: Client, demo: Settings, url: str) -> None:
    body = _json(client, url, status=404)
    assert isinstance(body["detail"], str)
    assert body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/figures?region=abc",
        "/api/figures?year=twenty",
        "/api/kommuner?lan=1",
        "/api/charts/trend?lang=de",
        "/api/counties?year=-1",
    ],
)
def test_bad_parameters_are_422(client: Client, demo: Settings, url: str) -> None:
    body = _json(client, url, status=422)
    assert body["detail"]


def test_api_without_data_answers_503(client: Client, empty_home: Settings) -> None:
    body = _json(client, "/api/figures", status=503)
    assert "workforce" in body["detail"]
    assert "ecc-atlas" in body["detail"]  # says what to run


def test_openapi_schema_and_docs_without_cdn(client: Client) -> None:
    schema = _json(client, "/api/openapi.json")
    assert {"/api/figures", "/api/kommuner", "/api/charts/{name}"} <= set(schema["paths"])
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/assets/swagger/swagger-ui-bundle.js" in html


def test_a_new_delimitation_decision_shows_at_once(
    client: Client, demo: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached context is rebuilt when the registry's decisions change."""
    from ecc_atlas.web.dashboard import data
    from ecc_atlas.web.registry.models import DelimitationDecision

    monkeypatch.setattr(data, "VERSION_CHECK_SECONDS", 0.0)
    before = _json(client, "/api/figures")
    year = before["year"]
    current = (
        DelimitationDecision.objects.filter(year=year, included=True)
        .select_related("organisation")
        .order_by("organisation__org_number")
        .first()
    )
    assert current is not None
    DelimitationDecision.objects.create(
        organisation=current.organisation,
        year=year,
        included=False,
        reason="Test: excluded after review.",
        classification_version=current.classification_version,
        decided_by_name="test",
    )
    after = _json(client, "/api/figures")
    count = {f["key"]: f["value"] for f in before["figures"]}["organisations"]
    assert {f["key"]: f["value"] for f in after["figures"]}["organisations"] == count - 1
