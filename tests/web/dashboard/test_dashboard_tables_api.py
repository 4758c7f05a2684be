"""The JSON API behind every page: tables (paging, filters), exports, pages, chart specs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyarrow.parquet as pq
import pytest
import vl_convert
from django.test import Client
from openpyxl import load_workbook

from ecc_atlas.charts import VEGA_LITE_VERSION
from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard.pages import PAGES
from ecc_atlas.web.dashboard.tables import TABLES
from ecc_atlas.web.dashboard.visuals import CHARTS

pytestmark = pytest.mark.django_db


def _json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_table_catalogue_lists_stable_field_names(client: Client, demo: Settings) -> None:
    listing = _json(client, "/api/tables")
    assert {item["name"] for item in listing} == set(TABLES)
    for item in listing:
        names = [column["name"] for column in item["columns"]]
        assert names[-2:] == ["suppressed", "suppression_reason"]
        assert all(column["label_sv"] and column["label_en"] for column in item["columns"])
        body = _json(client, item["url"] + "?limit=1000")
        assert body["columns"] == names, item["name"]


def test_every_table_answers_in_both_languages(client: Client, demo: Settings) -> None:
    for name in TABLES:
        sv = _json(client, f"/api/tables/{name}?lang=sv&limit=5")
        en = _json(client, f"/api/tables/{name}?lang=en&limit=5")
        assert sv["total"] == en["total"], name
        assert sv["synthetic"] is True or name in {"actors", "datasets"}, name
        assert sv["method"]
        assert en["method"]
        for row in sv["rows"]:
            assert isinstance(row["suppressed"], bool)


def test_paging(client: Client, demo: Settings) -> None:
    first = _json(client, "/api/tables/occupations?limit=10")
    assert first["total"] > 10
    assert len(first["rows"]) == 10
    assert first["previous"] is None
    assert "offset=10" in first["next"]
    second = _json(client, first["next"])
    assert second["offset"] == 10
    assert second["rows"][0] != first["rows"][0]
    assert "offset=0" in second["previous"]
    _json(client, "/api/tables/occupations?limit=0", status=422)
    _json(client, "/api/tables/occupations?limit=5000", status=422)


def test_filters_narrow_the_rows(client: Client, demo: Settings) -> None:
    everything = _json(client, "/api/tables/age-gender")
    storage = _json(client, "/api/tables/age-gender?segment=manufacturing&kommun=1980")
    assert storage["filters"] == {"year": everything["filters"]["year"],
                                  "segment": "manufacturing", "kommun": "1980"}  # fmt: skip
    total = sum(r["employees"] or 0 for r in everything["rows"])
    narrow = sum(r["employees"] or 0 for r in storage["rows"])
    assert 0 < narrow < total
    earlier = _json(client, "/api/tables/kommun-employment?year=2016")
    assert earlier["filters"]["year"] == 2016


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/tables/no-such-table", 404),
        ("/api/tables/age-gender?segment=fusion", 404),
        ("/api/tables/age-gender?kommun=0180", 404),
        ("/api/tables/age-gender?year=1995", 404),
        ("/api/tables/actors?kind=pirate", 404),
        ("/api/tables/recruitment-occupations?scenario=magic", 404),
        ("/api/tables/age-gender?kommun=19", 422),
        ("/api/tables/age-gender?segment=Bad%20Code", 422),
        ("/api/tables/age-gender/export?format=docx", 422),
        ("/api/charts/county-map?measure=weight", 404),
        ("/api/pages/no-such-page", 404),
    ],
)
def test_bad_requests(client: Client, demo: Settings, url: str, status: int) -> None:
    body = _json(client, url, status=status)
    assert body["detail"]


def test_csv_export_holds_the_json_rows(client: Client, demo: Settings) -> None:
    rows = _json(client, "/api/tables/kommun-employment?limit=1000")["rows"]
    response = client.get("/api/tables/kommun-employment/export?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "ecc-atlas_kommun-employment_" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [r["kommun_code"] for r in parsed] == [r["kommun_code"] for r in rows]
    for got, expected in zip(parsed, rows, strict=True):
        want = expected["employees"]
        assert got["employees"] == ("" if want is None else str(want))
        assert got["suppressed"] == ("true" if expected["suppressed"] else "false")


def test_xlsx_export_has_labels_numbers_and_an_about_sheet(client: Client, demo: Settings) -> None:
    rows = _json(client, "/api/tables/age-gender?limit=1000")["rows"]
    response = client.get("/api/tables/age-gender/export?format=xlsx&lang=sv")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["data", "om"]
    sheet = book["data"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Ålder", "Könskod", "Kön"]
    employees = header.index("Anställda")
    values = [sheet.cell(row=i + 2, column=employees + 1).value for i in range(len(rows))]
    for value, row in zip(values, rows, strict=True):
        assert value == (row["employees"] if row["employees"] is not None else "sekretess")
    about = {row[0].value: row[1].value for row in book["om"].iter_rows() if row[0].value}
    assert about["Namn"] == "age-gender"
    assert "sekretess" in about["Röjandekontroll"]


def test_parquet_export_keeps_types_and_provenance(client: Client, demo: Settings) -> None:
    response = client.get("/api/tables/segment-trend/export?format=parquet")
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.column_names[-2:] == ["suppressed", "suppression_reason"]
    metadata = table.schema.metadata
    assert metadata[b"ecc_atlas.table"] == b"segment-trend"
    assert metadata[b"ecc_atlas.synthetic"] == b"true"
    assert str(table.schema.field("employees").type) == "int64"


def test_exports_cannot_inject_formulas(
    client: Client, demo: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecc_atlas.web.registry.models import Organisation

    org = Organisation.objects.get(name="Aroshögskolan")
    org.name = '=HYPERLINK("http://evil.example","x")'
    org.website = "https://example.org/"
    org.save()
    org2 = Organisation.objects.get(name="Bergslagsgymnasiet")
    org2.name = "@SUM(1+1)"
    org2.save()
    # the directory is reused for up to max_age seconds: start a new period
    from ecc_atlas.web.dashboard.tables import TableDef

    monkeypatch.setattr(TableDef, "stamp", lambda self: -1)
    text = client.get("/api/tables/actors/export?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text
    assert "'@SUM(1+1)" in text
    book = load_workbook(io.BytesIO(client.get("/api/tables/actors/export?format=xlsx").content))
    names = [row[0].value for row in book["data"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert not any(str(name).startswith(("=", "+", "-", "@")) for name in names)


def test_pages_api_describes_every_page(client: Client, demo: Settings) -> None:
    listing = _json(client, "/api/pages")
    assert [item["key"] for item in listing] == [page.key for page in PAGES]
    for item in listing:
        page = _json(client, item["api"] + "?lang=en")
        assert page["key"] == item["key"]
        for section in page["sections"]:
            assert set(section["downloads"]) == {"csv", "xlsx", "parquet"}
            assert section["data_url"].startswith("/api/tables/")
            assert section["method"]
            if section["chart"]:
                assert section["summary"]
                assert section["spec_url"].startswith("/api/charts/")


def test_every_chart_spec_compiles_with_provenance(client: Client, demo: Settings) -> None:
    for name, chart in CHARTS.items():
        for lang in ("sv", "en"):
            spec = _json(client, f"/api/charts/{name}?lang={lang}")
            assert spec["description"], name
            assert spec["usermeta"]["table"] == chart.table
            assert spec["usermeta"]["synthetic"] is True
            assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "sv" else ".")
        vega = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
        assert vega["description"] == spec["description"]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys {keys}"  # Swagger UI rejects them
    return dict(pairs)


def test_openapi_documents_the_table_routes(client: Client) -> None:
    raw = client.get("/api/openapi.json").content
    json.loads(raw, object_pairs_hook=_no_duplicate_keys)
    schema = _json(client, "/api/openapi.json")
    for path in ("/api/tables", "/api/tables/{name}", "/api/tables/{name}/export",
                 "/api/pages", "/api/pages/{key}", "/api/charts/{name}"):  # fmt: skip
        assert path in schema["paths"], path
    export = schema["paths"]["/api/tables/{name}/export"]["get"]
    assert "text/csv" in export["responses"]["200"]["content"]
