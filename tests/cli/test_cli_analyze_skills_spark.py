"""`analyze skills --engine pyspark` writes the same mentions and shares as the local engine.

Marked ``slow`` and never skipped (PySpark is a dev dependency). It reuses the local Spark
session when another test of the run started one.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.cli.analyze_skills import register
from ecc_atlas.demo.ads import generate_job_ads, jobsearch_record

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


def _rows(path: Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return sorted(tuple(r.values()) for r in csv.DictReader(handle))


def test_pyspark_engine_matches_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPARK_PYTHON", os.environ.get("PYSPARK_PYTHON", sys.executable))
    source = tmp_path / "ads.jsonl"
    rows = generate_job_ads(3, ads_per_month=1.5).to_pylist()
    source.write_text(
        "".join(
            json.dumps(jobsearch_record(r), ensure_ascii=False, default=str) + "\n" for r in rows
        ),
        encoding="utf-8",
    )
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """A stand-in for the analyze sub-app."""

    register(app)
    outputs = {}
    for engine in ("duckdb", "pyspark"):
        out, shares = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-shares.csv"
        result = CliRunner().invoke(
            app,
            ["skills", "--input", str(source), "--out", str(out), "--workers", "1",
             "--engine", engine, "--with-section", "--shares-out", str(shares),
             "--period", "year"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs[engine] = (_rows(out), _rows(shares))
    assert outputs["pyspark"][0] == outputs["duckdb"][0]
    assert len(outputs["duckdb"][0]) > 5 * len(rows)
    assert outputs["pyspark"][1] == outputs["duckdb"][1]
