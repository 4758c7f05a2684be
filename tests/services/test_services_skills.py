"""Skill-demand tables for the dashboard page and the report chapter (services.skills)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ecc_atlas.config import load_settings
from ecc_atlas.demo.ads import DESCRIPTION, generate_job_ads
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.skills import (
    co_occurrence,
    emerging_skills,
    skill_catalogue,
    skill_demand,
    top_skills,
)
from ecc_atlas.warehouse import Catalog

LABELS = ["group_id", "label_sv", "label_en", "group_sv", "group_en"]


def _no_decisions() -> pa.Table:
    return pa.table(
        {
            "org_number": pa.array([], pa.string()),
            "year": pa.array([], pa.int32()),
            "included": pa.array([], pa.bool_()),
            "segment": pa.array([], pa.string()),
        }
    )


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> AnalysisContext:
    home = tmp_path_factory.mktemp("skills-home")
    settings = load_settings(home=home, env={})
    Catalog(settings.warehouse_dir).write(
        "job_ads",
        generate_job_ads(),
        source="ecc_atlas.demo.ads",
        synthetic=True,
        description=DESCRIPTION,
    )
    return AnalysisContext.from_settings(settings, decisions_provider=_no_decisions)


def test_skill_demand_by_year(ctx: AnalysisContext) -> None:
    table = skill_demand(ctx, region="19", period="year")
    assert table.column_names == [
        "period", "period_start", "skill_id", *LABELS, "ads", "requirement_ads", "merit_ads",
        "ads_total", "share",
    ]  # fmt: skip
    meta = table.schema.metadata
    assert meta[b"synthetic"] == b"true"
    assert meta[b"source"] == b"job_ads (synthetic demo data)"
    assert meta[b"vocabulary_version"] == b"2026.1"
    rows = table.to_pylist()
    assert {r["period"] for r in rows} == {str(y) for y in range(2019, 2025)}
    assert all(0.0 <= r["share"] <= 1.0 for r in rows)
    assert all(r["requirement_ads"] + r["merit_ads"] <= r["ads"] for r in rows)
    totals = {r["period"]: r["ads_total"] for r in rows}
    assert sum(totals.values()) == generate_job_ads().num_rows
    safety = next(r for r in rows if r["skill_id"] == "electrical_safety")
    assert safety["label_sv"] == "Elsäkerhet"
    assert safety["group_en"].startswith("Electrical")


def test_skill_demand_filters(ctx: AnalysisContext) -> None:
    lines = skill_demand(ctx, region="19", period="all", ssyk="7413").to_pylist()
    top = max(lines, key=lambda r: r["share"])
    grid_skills = {"power_lines_cables", "electrical_safety", "electricity_grids", "substations"}
    assert top["skill_id"] in grid_skills | {"high_voltage"}
    fagersta = skill_demand(ctx, region="1982", period="all")
    vasteras = skill_demand(ctx, region="1980", period="all")
    assert 0 < fagersta["ads_total"][0].as_py() < vasteras["ads_total"][0].as_py()
    by_kommun = skill_demand(ctx, region="19", period="year", by=("kommun",))
    assert set(pc.unique(by_kommun["kommun"]).to_pylist()) <= {f"19{n}" for n in
        ("04", "07", "60", "61", "62", "80", "81", "82", "83", "84")}  # fmt: skip
    required = skill_demand(ctx, period="year", sections=("requirement",)).to_pylist()
    assert all(r["merit_ads"] == 0 for r in required)
    with pytest.raises(LookupError, match="Unknown region"):
        skill_demand(ctx, region="99")
    assert skill_demand(ctx, region="01", period="all").num_rows == 0


def test_emerging_skills_show_the_demo_trends(ctx: AnalysisContext) -> None:
    table = emerging_skills(ctx, region="19")
    assert table.column_names[:6] == ["skill_id", *LABELS]
    rising = {r["skill_id"] for r in table.to_pylist() if r["emerging"]}
    assert "hydrogen" in rising
    assert rising & {"battery_cells", "battery_systems"}
    assert "district_heating" not in rising
    assert b"Emerging" in table.schema.metadata[b"method"]


def test_top_skills_for_the_report(ctx: AnalysisContext) -> None:
    table = top_skills(ctx, region="19", limit=10)
    rows = table.to_pylist()
    assert [r["rank"] for r in rows] == list(range(1, 11))
    assert all(r["year"] == 2024 for r in rows)
    shares = [r["share"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    assert all(r["share_previous"] is not None for r in rows)
    assert all(0 <= r["requirement_share"] <= 1 for r in rows)
    earlier = top_skills(ctx, region="19", year=2019, limit=3).to_pylist()
    assert all(r["share_previous"] is None for r in earlier)
    with pytest.raises(LookupError, match="2019–2024"):
        top_skills(ctx, year=2010)


def test_co_occurrence_has_labels(ctx: AnalysisContext) -> None:
    table = co_occurrence(ctx, region="19", min_count=20)
    assert table.column_names[:6] == [
        "skill_a", "skill_b", "label_a_sv", "label_a_en", "label_b_sv", "label_b_en",
    ]  # fmt: skip
    rows = table.to_pylist()
    assert rows
    assert all(r["ads_both"] >= 20 for r in rows)
    assert all(r["lift"] > 0 for r in rows)


def test_results_are_cached_per_data_version(ctx: AnalysisContext) -> None:
    assert skill_demand(ctx, period="quarter") is skill_demand(ctx, period="quarter")


def test_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path, env={})
    empty = AnalysisContext.from_settings(settings, decisions_provider=_no_decisions)
    with pytest.raises(LookupError, match="import job-ads"):
        skill_demand(empty)


def test_catalogue() -> None:
    table = skill_catalogue()
    assert table.num_rows >= 45
    assert "ssyk" in table.column_names


def test_imported_jobtech_skills_join_the_vocabulary(tmp_path: Path) -> None:
    from ecc_atlas.ingest.jobtech_taxonomy import import_jobtech_taxonomy
    from ecc_atlas.services.skills import vocabulary

    settings = load_settings(home=tmp_path, env={})
    catalog = Catalog(settings.warehouse_dir)
    ctx = AnalysisContext.from_settings(settings, decisions_provider=_no_decisions)
    assert not vocabulary(ctx).version.endswith("+jobtech")
    taxonomy = tmp_path / "taxonomy.json"
    concepts = [
        # linked from the vocabulary's high_voltage skill
        {"taxonomy/id": "PXAk_ZUW_Zer", "taxonomy/type": "skill",
         "taxonomy/preferred-label": "Starkströmsanläggningar (el)"},
        {"taxonomy/id": "zzzz_zzz_zzz", "taxonomy/type": "skill",
         "taxonomy/preferred-label": "Kundbemötande"},
    ]  # fmt: skip
    taxonomy.write_text(json.dumps(concepts), encoding="utf-8")
    import_jobtech_taxonomy(catalog, taxonomy, user="t", version="23")
    merged = vocabulary(ctx)
    assert merged.version.endswith("+jobtech")
    terms = [t.text for t in merged.skill("high_voltage").terms if t.source == "jobtech"]
    assert terms == ["Starkströmsanläggningar"]
    with pytest.raises(KeyError):
        merged.skill("jobtech:zzzz_zzz_zzz")  # unlinked concepts stay out
