"""Every public output passes disclosure control.

Walks the API's OpenAPI schema (so a new endpoint is covered without editing this test), calls
every GET operation with each value its path parameters can take (harvested from the API's
own listings), reads JSON, CSV exports and chart specs, and checks every published row:

- no published cell describes fewer persons than the threshold (``employees`` / ``persons``),
- no published cell is built from fewer organisations than the threshold (``organisations``),
- every table row says whether it is suppressed, and a suppressed row shows no count.

The thresholds are raised for the test (20 persons, 3 organisations), so the demo data has
cells that must be withheld: the check would see a table that bypasses the protection.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MIN_PERSONS = 20
MIN_ORGANISATIONS = 3
PERSON_COLUMNS = {"employees", "persons", "persons_count", "headcount"}
ORGANISATION_COLUMNS = {"organisations", "organisation_count", "orgs"}
_PARAM = re.compile(r"\{(\w+)\}")


def _rows(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside ``node`` that carries a count column."""
    if isinstance(node, dict):
        if PERSON_COLUMNS & node.keys() or ORGANISATION_COLUMNS & node.keys():
            yield node
        for value in node.values():
            yield from _rows(value)
    elif isinstance(node, list):
        for item in node:
            yield from _rows(item)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _check_row(where: str, row: dict[str, Any], problems: list[str]) -> None:
    suppressed = row.get("suppressed") in {True, "true", "True", "1"}
    for columns, minimum in ((PERSON_COLUMNS, MIN_PERSONS), (ORGANISATION_COLUMNS, 3)):
        for column in columns & row.keys():
            value = _number(row[column])
            if suppressed and value is not None:
                problems.append(f"{where}: suppressed row shows {column}={row[column]}")
            if not suppressed and value is not None and value < minimum:
                problems.append(f"{where}: published {column}={row[column]} < {minimum}")


def _harvest(client: Client, paths: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"key": set(), "name": set()}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in found and isinstance(v, str):
                    found[k].add(v)
                visit(v)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    for path in paths:
        if "{" not in path:
            response = client.get(path)
            if response.status_code == 200 and "json" in response.get("Content-Type", ""):
                visit(response.json())
    return found


def _urls(client: Client) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    paths = [p for p, ops in schema["paths"].items() if "get" in ops]
    values = _harvest(client, paths)
    urls: list[str] = []
    for path in paths:
        combos = [path]
        for name in _PARAM.findall(path):
            options = sorted(values.get(name, set()))
            assert options, f"no values for {{{name}}} in {path}: add it to the harvest"
            combos = [c.replace("{" + name + "}", v) for c in combos for v in options]
        urls += combos
    return urls


def test_no_public_output_bypasses_disclosure_control(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecc_atlas.web.dashboard import data

    monkeypatch.setenv("ECC_ATLAS_DISCLOSURE_MIN_PERSONS", str(MIN_PERSONS))
    monkeypatch.setenv("ECC_ATLAS_DISCLOSURE_MIN_ORGANISATIONS", str(MIN_ORGANISATIONS))
    data.clear_cache()
    client = Client(raise_request_exception=False)
    urls = _urls(client)
    problems: list[str] = []
    checked_rows = 0
    suppressed_rows = 0
    for url in urls:
        if "/export" in url:
            continue  # exports are read below, once per format
        response = client.get(url)
        if response.status_code >= 500 and response.status_code != 503:
            problems.append(f"GET {url}: {response.status_code}")
            continue
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        body = response.json()
        for row in _rows(body):
            checked_rows += 1
            suppressed_rows += row.get("suppressed") is True
            _check_row(url, row, problems)
        if isinstance(body, dict) and isinstance(body.get("rows"), list) and "/tables/" in url:
            missing = [r for r in body["rows"] if "suppressed" not in r]
            if missing:
                problems.append(f"{url}: rows without a 'suppressed' flag")
    for url in (u for u in urls if u.endswith("/export")):
        response = client.get(url, {"format": "csv"})
        if response.status_code != 200:
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))):
            checked_rows += 1
            _check_row(f"{url} (csv)", row, problems)
    assert checked_rows > 0, "no published counts were found: the walk checked nothing"
    assert suppressed_rows > 0, "no row was suppressed although the thresholds were raised"
    assert not problems, "\n".join(problems[:40])
