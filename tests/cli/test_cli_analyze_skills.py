"""`analyze skills`, registered on a fresh Typer app as cli/analyze.py will register it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.analysis.skills_text import ad_text
from ecc_atlas.cli.analyze_skills import register
from ecc_atlas.demo.ads import generate_job_ads, jobsearch_record


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    application = typer.Typer()

    @application.callback()
    def _root() -> None:
        """A stand-in for the analyze sub-app."""

    register(application)
    return application


@pytest.fixture(scope="module")
def ads(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    rows = generate_job_ads(5, ads_per_month=3.0).to_pylist()
    path = tmp_path_factory.mktemp("ads") / "ads.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(jobsearch_record(row), ensure_ascii=False, default=str) + "\n")
    return path, rows


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_one_row_per_mention(app: typer.Typer, ads: tuple, tmp_path: Path) -> None:
    path, rows = ads
    out = tmp_path / "mentions.csv"
    result = CliRunner().invoke(
        app, ["skills", "--input", str(path), "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(rows):,} ads" in result.output
    mentions = _csv(out)
    assert list(mentions[0]) == ["ad_id", "skill_id", "label", "term", "start", "end"]
    texts = {r["ad_id"]: ad_text(r["headline"], r["description_text"]) for r in rows}
    for m in mentions[:200]:
        span = texts[m["ad_id"]][int(m["start"]) : int(m["end"])]
        assert span
        assert m["label"]
    assert any(m["label"] == "Elsäkerhet" for m in mentions)


def test_aggregates_and_english_labels(app: typer.Typer, ads: tuple, tmp_path: Path) -> None:
    path, _ = ads
    out, shares, emerging, pairs = (tmp_path / n for n in
        ("m.csv", "shares.csv", "emerging.parquet", "pairs.csv"))  # fmt: skip
    args = [
        "skills", "--input", str(path), "--out", str(out), "--workers", "1", "--lang", "en",
        "--with-section", "--shares-out", str(shares), "--period", "year", "--by", "kommun",
        "--emerging-out", str(emerging), "--min-count", "2", "--pairs-out", str(pairs),
        "--min-pair-count", "3",
    ]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "also" in result.output
    assert list(_csv(out)[0])[-1] == "section"
    share_rows = _csv(shares)
    assert {"period", "kommun", "skill_id", "share", "label"} <= set(share_rows[0])
    assert {r["period"] for r in share_rows} == {str(y) for y in range(2019, 2025)}
    assert any(r["label"] == "Electrical safety" for r in share_rows)
    table = pq.read_table(emerging)
    assert {"skill_id", "emerging", "label"} <= set(table.column_names)
    pair_rows = _csv(pairs)
    assert {"skill_a", "skill_b", "label_a", "label_b", "lift"} <= set(pair_rows[0])


def test_parquet_input(app: typer.Typer, tmp_path: Path) -> None:
    table = generate_job_ads(5, ads_per_month=1.0)
    source = tmp_path / "job_ads.parquet"
    pq.write_table(table, source)
    out, shares = tmp_path / "m.csv", tmp_path / "s.csv"
    result = CliRunner().invoke(
        app,
        ["skills", "--input", str(source), "--out", str(out), "--workers", "1",
         "--shares-out", str(shares), "--period", "all"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert {r["ad_id"] for r in _csv(out)} <= set(table.column("ad_id").to_pylist())
    assert {r["period"] for r in _csv(shares)} == {"all"}


def test_jobtech_taxonomy_merge(app: typer.Typer, tmp_path: Path) -> None:
    source = tmp_path / "ads.jsonl"
    source.write_text(
        json.dumps({"ad_id": "1", "description_text": "Du kan kabelprovning och PLC."}) + "\n",
        encoding="utf-8",
    )
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(
        json.dumps({"skill": {"1": {"conceptId": "Xk", "preferredTerm": "Kabelprovning"}}}),
        encoding="utf-8",
    )
    out = tmp_path / "m.csv"
    args = ["skills", "--input", str(source), "--out", str(out), "--workers", "1"]
    result = CliRunner().invoke(app, [*args, "--jobtech-taxonomy", str(taxonomy)])
    assert result.exit_code == 0, result.output
    # the concept is not linked to a skill of the vocabulary: nothing new is found
    assert [r["skill_id"] for r in _csv(out)] == ["plc"]


def test_problems_are_one_line(app: typer.Typer, tmp_path: Path) -> None:
    missing = CliRunner().invoke(
        app, ["skills", "--input", str(tmp_path / "no.jsonl"), "--out", str(tmp_path / "m.csv")]
    )
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    source = tmp_path / "ads.jsonl"
    source.write_text('{"ad_id": "1", "description_text": "PLC"}\nnot json\n', encoding="utf-8")
    bad_out = CliRunner().invoke(
        app,
        ["skills", "--input", str(source), "--out", str(tmp_path / "m.csv"), "--workers", "1",
         "--shares-out", str(tmp_path / "s.xlsx")],
    )  # fmt: skip
    assert bad_out.exit_code == 2
    assert ".xlsx" in bad_out.output
    skipped = CliRunner().invoke(
        app, ["skills", "--input", str(source), "--out", str(tmp_path / "m.csv"), "--workers", "1"]
    )
    assert skipped.exit_code == 0
    assert "Skipped 1 line" in skipped.output
    assert "line 2" in skipped.output
