"""The demo generator: reproducible, valid codes, fictional names, sensible structure."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from ecc_atlas import reference
from ecc_atlas.demo import DATASETS, DemoData, current_decisions, generate
from ecc_atlas.identifiers import is_valid_org_number
from ecc_atlas.warehouse import Catalog

VASTMANLAND_KOMMUNER = {"1904", "1907", "1960", "1961", "1962", "1980", "1981", "1982", "1983",
                        "1984"}  # fmt: skip
REAL_NAMES = (
    "abb", "westinghouse", "mälarenergi", "bombardier", "alstom", "northvolt", "vattenfall",
    "siemens", "hitachi", "svenska kraftnät", "ellevio", "eon", "e.on",
)  # fmt: skip

SCHEMAS = {
    "workforce": {"org_number": pa.string(), "year": pa.int32(), "kommun_code": pa.string(),
                  "ssyk": pa.string(), "sun_level": pa.string(), "age_band": pa.string(),
                  "gender": pa.string(), "origin": pa.string(), "employees": pa.int64(),
                  "full_year_equivalents": pa.float64()},
    "workforce_flows": {"org_number": pa.string(), "year": pa.int32(),
                        "kommun_code": pa.string(), "ssyk": pa.string(), "hires": pa.int64(),
                        "separations": pa.int64(), "retirements": pa.int64()},
    "county_sector": {"lan_code": pa.string(), "year": pa.int32(),
                      "sector_employees": pa.int64(), "total_employees": pa.int64()},
    "county_exports": {"lan_code": pa.string(), "year": pa.int32(),
                       "goods_exports_msek": pa.float64()},
    "programmes": {"provider": pa.string(), "programme": pa.string(), "level": pa.string(),
                   "sun_level": pa.string(), "kommun_code": pa.string(), "year": pa.int32(),
                   "places": pa.int64(), "graduates": pa.int64(), "ssyk": pa.string(),
                   "retention_share": pa.float64()},
    "hiring_plans": {"org_number": pa.string(), "survey_year": pa.int32(), "ssyk": pa.string(),
                     "horizon_years": pa.int32(), "planned_hires": pa.int64(),
                     "planned_net_change": pa.int64(), "recruitment_difficulty": pa.int64()},
}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate()


def _checksums(data: DemoData, root: Path) -> dict[str, str]:
    catalog = Catalog(root)
    return {
        name: catalog.write(name, table, source="test", synthetic=True).checksum
        for name, table in data.datasets().items()
    }


def test_same_seed_gives_byte_identical_datasets(data: DemoData, tmp_path: Path) -> None:
    first = _checksums(data, tmp_path / "a")
    second = _checksums(generate(), tmp_path / "b")
    assert first == second
    assert set(first) == set(DATASETS)
    assert generate().organisations == data.organisations
    assert generate().decisions == data.decisions


def test_different_seed_gives_different_data(data: DemoData, tmp_path: Path) -> None:
    other = generate(7)
    first = _checksums(data, tmp_path / "a")
    second = _checksums(other, tmp_path / "b")
    for name in ("workforce", "workforce_flows", "county_exports", "hiring_plans"):
        assert first[name] != second[name], name
    assert {o.org_number for o in other.organisations} != {o.org_number for o in data.organisations}


def test_schemas_follow_the_warehouse_contract(data: DemoData) -> None:
    for name, columns in SCHEMAS.items():
        table = data.datasets()[name]
        assert dict(zip(table.schema.names, table.schema.types, strict=True)) == columns, name
        assert table.num_rows > 0
    assert data.county_sector.num_rows == 21 * 10
    assert data.county_exports.num_rows == 21 * 10
    years = set(data.workforce["year"].to_pylist())
    assert years == set(range(2015, 2025))


def test_tables_are_sorted(data: DemoData) -> None:
    keys = ["org_number", "year", "kommun_code", "ssyk", "sun_level", "age_band", "gender",
            "origin"]  # fmt: skip
    table = data.workforce
    assert table.sort_by([(k, "ascending") for k in keys]).equals(table)
    flows = data.workforce_flows
    assert flows.sort_by([(k, "ascending") for k in keys[:4]]).equals(flows)


def test_organisation_numbers_and_names(data: DemoData) -> None:
    numbers = [o.org_number for o in data.organisations]
    assert len(numbers) == len(set(numbers))
    assert all(is_valid_org_number(n) for n in numbers)
    for org in data.organisations:
        if org.kind in {"company", "institute"}:
            assert org.org_number.startswith("55"), org
        else:
            assert org.org_number[:2] in {"20", "21"}, org
        lowered = org.name.lower()
        assert not any(real in lowered.split() or lowered.startswith(real) for real in
                       REAL_NAMES), org.name  # fmt: skip
        assert "Fiktiv organisation" in org.description
    assert any(o.name == "Mälarvolt Kraftsystem AB" for o in data.organisations)
    kinds = Counter(o.kind for o in data.organisations)
    assert kinds["company"] > 100
    assert kinds["academia"] >= 1
    assert kinds["public_actor"] >= 1


def test_codes_are_real(data: DemoData) -> None:
    ssyk = {o.code for o in reference.ssyk()}
    assert set(data.workforce["ssyk"].to_pylist()) <= ssyk
    assert set(data.programmes["ssyk"].to_pylist()) <= ssyk
    assert set(data.hiring_plans["ssyk"].to_pylist()) <= ssyk
    assert set(data.workforce["kommun_code"].to_pylist()) <= VASTMANLAND_KOMMUNER
    assert {w.kommun_code for w in data.workplaces} <= VASTMANLAND_KOMMUNER
    assert set(data.workforce["sun_level"].to_pylist()) <= {s.code for s in reference.sun_levels()}
    lan_codes = {r.code for r in reference.lan()}
    assert set(data.county_sector["lan_code"].to_pylist()) == lan_codes
    segment_codes = set(reference.segments().codes)
    assert {o.segment for o in data.organisations if o.segment} <= segment_codes
    assert {d.segment for d in data.decisions if d.segment} <= segment_codes


def test_vasteras_dominates_and_some_orgs_have_several_workplaces(data: DemoData) -> None:
    by_kommun = Counter[str]()
    for kommun, n in zip(data.workforce["kommun_code"].to_pylist(),
                         data.workforce["employees"].to_pylist(), strict=True):  # fmt: skip
        by_kommun[kommun] += n
    assert by_kommun.most_common(1)[0][0] == "1980"
    assert by_kommun["1980"] > 0.6 * sum(by_kommun.values())
    per_org = Counter(w.org_number for w in data.workplaces)
    assert sum(1 for n in per_org.values() if n > 1) >= 5


def test_decisions_cover_each_year_with_reasons(data: DemoData) -> None:
    current = current_decisions(data.decisions).to_pylist()
    assert {r["year"] for r in current} == set(range(2015, 2025))
    assert all(d.reason.strip() for d in data.decisions)
    assert all(d.segment for d in data.decisions if d.included)
    by_org: dict[str, set[bool]] = {}
    for row in current:
        by_org.setdefault(row["org_number"], set()).add(row["included"])
    never = [o for o, v in by_org.items() if v == {False}]
    switching = [o for o, v in by_org.items() if v == {False, True}]
    assert 20 <= len(never) <= 30
    assert len(switching) >= 2
    reasons = {d.reason for d in data.decisions if not d.included}
    assert "SNI 43.21 men huvudsakligen bostadsinstallationer." in reasons
    # One decision was superseded: more decisions than organisation-years.
    assert len(data.decisions) > len(current)


def test_entering_and_leaving_organisations(data: DemoData) -> None:
    current = current_decisions(data.decisions).to_pylist()
    history: dict[str, list[tuple[int, bool]]] = {}
    for row in current:
        history.setdefault(row["org_number"], []).append((row["year"], row["included"]))
    patterns = {tuple(v for _, v in sorted(h)) for h in history.values()}
    assert any(p[0] is False and p[-1] is True for p in patterns)  # enters
    assert any(p[0] is True and p[-1] is False for p in patterns)  # leaves
    assert any(len(p) < 10 for p in patterns)  # founded or closed during the decade


def test_programmes_and_plans(data: DemoData) -> None:
    names = set(zip(data.programmes["provider"].to_pylist(),
                    data.programmes["programme"].to_pylist(), strict=True))  # fmt: skip
    assert 12 <= len(names) <= 20
    assert set(data.programmes["level"].to_pylist()) == {
        "yh", "university", "upper_secondary", "doctoral"}  # fmt: skip
    plans = data.hiring_plans
    assert set(plans["survey_year"].to_pylist()) == {2024}
    assert set(plans["horizon_years"].to_pylist()) == {5}
    difficulty = set(plans["recruitment_difficulty"].to_pylist())
    assert difficulty <= {1, 2, 3, 4, 5}
    current = current_decisions(data.decisions)
    included = {r["org_number"] for r in current.to_pylist() if r["included"] and r["year"] == 2024}
    companies = {o.org_number for o in data.organisations if o.kind == "company"}
    respondents = set(plans["org_number"].to_pylist())
    assert respondents <= included
    share = len(respondents) / len(included & companies)
    assert 0.5 <= share <= 0.7
