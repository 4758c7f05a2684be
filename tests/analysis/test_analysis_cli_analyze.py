"""`ecc-atlas analyze …` on the user's own CSV and Parquet files (Typer's CliRunner)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.cli.analyze import analyze_app

app = typer.Typer()
app.add_typer(analyze_app, name="analyze")
runner = CliRunner()

SPEC_COLUMNS = [
    "region",
    "item",
    "year",
    "value",
    "lq",
    "mcp",
    "diversity",
    "ubiquity",
    "density",
    "eci",
    "pci",
    "coi",
    "cog",
]


def _long(path: Path) -> Path:
    rows = [
        ("0114", "2143", 2023, 10),
        ("0114", "7411", 2023, 10),
        ("0180", "2143", 2023, 10),
        ("0180", "3113", 2023, 10),
        ("1980", "3113", 2023, 10),
        ("0114", "2143", 2024, 12),
        ("0180", "3113", 2024, 4),
        ("1980", "7411", 2024, 9),
        ("1980", "3113", 2024, 2),
    ]
    table = pa.table(
        {
            "kommun": [r[0] for r in rows],
            "ssyk": [r[1] for r in rows],
            "ar": [r[2] for r in rows],
            "antal": [r[3] for r in rows],
        }
    )
    pacsv.write_csv(table, path)
    return path


def test_specialisation_csv_and_parquet(tmp_path: Path) -> None:
    source = _long(tmp_path / "long.csv")
    out = tmp_path / "out.csv"
    args = [
        "analyze",
        "specialisation",
        "--input",
        str(source),
        "--region",
        "kommun",
        "--item",
        "ssyk",
        "--value",
        "antal",
        "--year",
        "ar",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pacsv.read_csv(
        out,
        convert_options=pacsv.ConvertOptions(
            column_types={"region": pa.string(), "item": pa.string()}
        ),
    )
    assert table.column_names == SPEC_COLUMNS
    assert table.num_rows == 2 * 3 * 3
    assert "0114" in table.column("region").to_pylist()  # codes keep their leading zero
    parquet = tmp_path / "out.parquet"
    no_year = [a for a in args if a not in ("--year", "ar")]
    no_year[-1] = str(parquet)
    assert runner.invoke(app, no_year).exit_code == 0
    assert pq.read_table(parquet).column_names == [c for c in SPEC_COLUMNS if c != "year"]


def test_specialisation_help_documents_every_column() -> None:
    result = runner.invoke(app, ["analyze", "specialisation", "--help"], terminal_width=120)
    assert result.exit_code == 0
    for column in SPEC_COLUMNS:
        assert f"{column} —" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "missing.csv"], "does not exist"),
        (["--value", "nope"], "no column"),
        (["--out", "out.txt"], "Unknown output type"),
    ],
)
def test_specialisation_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    source = _long(tmp_path / "long.csv")
    base = {
        "--input": str(source),
        "--region": "kommun",
        "--item": "ssyk",
        "--value": "antal",
        "--out": str(tmp_path / "out.csv"),
    }
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value if flag != "--input" else str(tmp_path / value)
        if flag == "--out":
            base[flag] = str(tmp_path / value)
    flat = [part for pair in base.items() for part in pair]
    result = runner.invoke(app, ["analyze", "specialisation", *flat])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_shift_share_command(tmp_path: Path) -> None:
    source = _long(tmp_path / "long.csv")
    out = tmp_path / "ss.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            "shift-share",
            "--input",
            str(source),
            "--region",
            "kommun",
            "--item",
            "ssyk",
            "--value",
            "antal",
            "--year",
            "ar",
            "--start",
            "2023",
            "--end",
            "2024",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = pacsv.read_csv(out).to_pylist()
    assert rows[0].keys() >= {"national_effect", "industry_mix", "competitive_effect"}
    for r in rows:
        parts = r["national_effect"] + r["industry_mix"] + r["competitive_effect"]
        assert parts == pytest.approx(r["change"])
    bad = runner.invoke(
        app,
        [
            "analyze",
            "shift-share",
            "--input",
            str(source),
            "--region",
            "kommun",
            "--item",
            "ssyk",
            "--value",
            "antal",
            "--year",
            "ar",
            "--start",
            "2020",
            "--end",
            "2024",
            "--out",
            str(out),
        ],
    )
    assert bad.exit_code == 2
    assert "no rows for [2020]" in bad.output


def _workforce_files(tmp_path: Path) -> tuple[Path, Path]:
    wf_rows, fl_rows = [], []
    for year in range(2016, 2025):
        for ssyk in ("2143", "7411"):
            for band, n in (("25-29", 20), ("45-49", 30), ("60-64", 10)):
                wf_rows.append((year, ssyk, band, n + (year - 2016)))
            fl_rows.append((year, ssyk, 8, 2, 10))
    wf = tmp_path / "wf.parquet"
    pq.write_table(
        pa.table(
            {
                "year": [r[0] for r in wf_rows],
                "ssyk": [r[1] for r in wf_rows],
                "band": [r[2] for r in wf_rows],
                "n": [r[3] for r in wf_rows],
            }
        ),
        wf,
    )
    fl = tmp_path / "flows.csv"
    pacsv.write_csv(
        pa.table(
            {
                "year": [r[0] for r in fl_rows],
                "ssyk": [r[1] for r in fl_rows],
                "separations": [r[2] for r in fl_rows],
                "retirements": [r[3] for r in fl_rows],
                "hires": [r[4] for r in fl_rows],
            }
        ),
        fl,
    )
    return wf, fl


def test_forecast_command_with_backtest(tmp_path: Path) -> None:
    wf, fl = _workforce_files(tmp_path)
    out = tmp_path / "forecast.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            "forecast",
            "--input",
            str(wf),
            "--flows",
            str(fl),
            "--group",
            "ssyk",
            "--age-band",
            "band",
            "--employees",
            "n",
            "--horizon",
            "3",
            "--scenario",
            "trend",
            "--scenario",
            "event",
            "--event",
            "plant:2026:50:2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Backtest from 2021" in result.output  # the last three years, as the horizon
    table = pacsv.read_csv(out)
    assert table.num_rows == 2 * 2 * 3
    for column in (
        "openings_low",
        "openings_central",
        "openings_high",
        "backtest_mape",
        "backtest_mape_overall",
        "replacement_demand",
    ):
        assert column in table.column_names
    bad = runner.invoke(
        app,
        [
            "analyze",
            "forecast",
            "--input",
            str(wf),
            "--group",
            "ssyk",
            "--age-band",
            "band",
            "--employees",
            "n",
            "--out",
            str(out),
        ],
    )
    assert bad.exit_code == 2
    assert "needs the flows" in bad.output
    event = runner.invoke(
        app,
        [
            "analyze",
            "forecast",
            "--input",
            str(wf),
            "--group",
            "ssyk",
            "--age-band",
            "band",
            "--employees",
            "n",
            "--replacement",
            "exits",
            "--scenario",
            "event",
            "--event",
            "oops",
            "--out",
            str(out),
        ],
    )
    assert event.exit_code == 2
    assert "NAME:YEAR:JOBS" in event.output


def test_balance_command(tmp_path: Path) -> None:
    demand = tmp_path / "demand.csv"
    supply = tmp_path / "supply.csv"
    difficulty = tmp_path / "difficulty.csv"
    barometer = tmp_path / "barometer.csv"
    pacsv.write_csv(pa.table({"ssyk": ["2143", "7411"], "openings": [20.0, 10.0]}), demand)
    pacsv.write_csv(pa.table({"ssyk": ["2143", "7411"], "supply": [5.0, 20.0]}), supply)
    pacsv.write_csv(pa.table({"ssyk": ["2143"], "difficulty": [4.2]}), difficulty)
    pacsv.write_csv(pa.table({"ssyk": ["7411"], "rekryteringssituation": ["brist"]}), barometer)
    out = tmp_path / "balance.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            "balance",
            "--demand",
            str(demand),
            "--supply",
            str(supply),
            "--difficulty",
            str(difficulty),
            "--barometer",
            str(barometer),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {str(r["ssyk"]): r for r in pacsv.read_csv(out).to_pylist()}
    assert rows["2143"]["verdict"] == "brist"
    assert rows["2143"]["band"] == "undersupplied"
    assert rows["7411"]["disagreement"] is True
