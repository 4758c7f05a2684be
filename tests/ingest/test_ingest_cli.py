"""`ecc-atlas import …` in-process: summaries, dry runs, one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.cli.importers import import_app
from ecc_atlas.warehouse import Catalog

# A finished import is written to the audit log (a database table).
pytestmark = pytest.mark.django_db

runner = CliRunner()
app = typer.Typer()
app.add_typer(import_app, name="import")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An existing data home (the importers do not create one)."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ECC_ATLAS_HOME", str(path))  # restored after the test
    monkeypatch.setenv("ECC_ATLAS_SECRET_KEY", "dev")
    return path


def test_help_lists_the_importers() -> None:
    result = runner.invoke(app, ["import", "--help"])
    assert result.exit_code == 0
    commands = ("scb", "yrkesbarometer", "jobtech-ads", "jobtech-taxonomy", "registry",
                "workforce", "programmes")  # fmt: skip
    for command in commands:
        assert command in result.output
        sub = runner.invoke(app, ["import", command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "--home" in sub.output
        assert "--dry-run" in sub.output


def test_scb_population_then_unchanged(home: Path, data_dir: Path) -> None:
    args = ["import", "scb", str(data_dir / "tab638_population.json"), "--as", "population"]
    result = runner.invoke(app, [*args, "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert "population" in result.output
    assert "replaced" in result.output
    assert "Cell-Key-Method" in result.output
    again = runner.invoke(app, [*args, "--home", str(home)])
    assert again.exit_code == 0, again.output
    assert "Unchanged" in again.output
    assert Catalog(home / "warehouse").entry("population").source == "SCB TAB638"


def test_yrkesbarometer_dry_run(home: Path, data_dir: Path) -> None:
    path = data_dir / "yrkesbarometer_2025_2.json"
    result = runner.invoke(
        app, ["import", "yrkesbarometer", str(path), "--dry-run", "--home", str(home)]
    )
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert not (home / "warehouse" / "manifest.json").exists()


def test_jobtech_ads(home: Path, data_dir: Path) -> None:
    path = data_dir / "ads_upper.jsonl"
    result = runner.invoke(app, ["import", "jobtech-ads", str(path), "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert Catalog(home / "warehouse").entry("job_ads").rows == 2
    from ecc_atlas.web.accounts.models import AuditEvent

    event = AuditEvent.objects.filter(action="import").latest("id")
    assert event.target.endswith("ads_upper.jsonl")
    assert event.details["datasets"][0]["name"] == "job_ads"


def test_jobtech_taxonomy_file_and_argument_errors(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    concepts = {
        "occupation-group": {
            "2143": {"conceptId": "iGzV_VUC_aVs", "legacyAmsTaxonomyId": "2143",
                     "preferredTerm": "Civilingenjörsyrken inom elteknik"},
        },
        "skill": {"600": {"conceptId": "PXAk_ZUW_Zer", "preferredTerm": "Högspänning"}},
    }  # fmt: skip
    path.write_text(json.dumps(concepts, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["import", "jobtech-taxonomy", str(path), "--home", str(home)])
    assert result.exit_code == 0, result.output
    entry = Catalog(home / "warehouse").entry("jobtech_taxonomy")
    assert entry.rows == 2
    assert entry.parameters["type_versions"] == {"skill": "legacy", "ssyk-level-4": "legacy"}
    again = runner.invoke(app, ["import", "jobtech-taxonomy", str(path), "--home", str(home)])
    assert "Unchanged" in again.output
    both = runner.invoke(
        app, ["import", "jobtech-taxonomy", str(path), "--api", "--home", str(home)]
    )
    assert both.exit_code == 2
    assert "either a taxonomy file or --api" in both.output


def test_bad_input_is_one_line_with_exit_code_2(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"PLATSNUMMER": 1, "KOMMUN_KOD": "9999"}) + "\n", "utf-8")
    result = runner.invoke(app, ["import", "jobtech-ads", str(path), "--home", str(home)])
    assert result.exit_code == 2
    # One message (Rich may wrap it at the terminal width of the test runner).
    assert result.output.count("Error:") == 1, result.output
    text = " ".join(result.output.split())
    assert "bad.jsonl, row 1, field 'KOMMUN_KOD': a kommun code" in text
    assert "Traceback" not in result.output


def test_scb_needs_a_dataset_name_or_a_mapping(home: Path, data_dir: Path) -> None:
    path = data_dir / "tab638_population.json"
    result = runner.invoke(app, ["import", "scb", str(path), "--home", str(home)])
    assert result.exit_code == 2
    assert "--dataset" in result.output


def test_scb_rejects_something_that_is_neither_file_nor_table(home: Path) -> None:
    result = runner.invoke(app, ["import", "scb", "no/such/file.json", "--home", str(home)])
    assert result.exit_code == 2
    assert "neither a file nor an SCB table id" in result.output


def test_scb_select_syntax_is_checked(home: Path) -> None:
    result = runner.invoke(
        app,
        ["import", "scb", "TAB638", "--select", "Region", "--dataset", "x", "--home", str(home)],
    )
    assert result.exit_code == 2
    assert "VARIABLE=VALUES" in result.output


def test_missing_home_says_run_init(tmp_path: Path, data_dir: Path) -> None:
    path = data_dir / "ads_upper.jsonl"
    result = runner.invoke(
        app, ["import", "jobtech-ads", str(path), "--home", str(tmp_path / "nothing")]
    )
    assert result.exit_code == 2
    assert "ecc-atlas init" in result.output


def test_file_importers_have_templates(home: Path, tmp_path: Path) -> None:
    for command in ("registry", "workforce", "programmes"):
        sub = runner.invoke(app, ["import", command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "--template" in sub.output
        out = tmp_path / f"{command}.xlsx"
        result = runner.invoke(app, ["import", command, "--template", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"PK")
    missing = runner.invoke(app, ["import", "workforce", "--home", str(home)])
    assert missing.exit_code == 2
    assert "--template" in missing.output


def test_workforce_import_and_one_line_error(home: Path, tmp_path: Path) -> None:
    header = "org_number;year;kommun_code;ssyk;sun_level;age_band;gender;origin;employees;"
    header += "full_year_equivalents\n"
    good = tmp_path / "wf.csv"
    good.write_text(header + "556004-1492;2024;1980;3113;6;45-49;F;SE;3;2,5\n", "utf-8")
    result = runner.invoke(app, ["import", "workforce", str(good), "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert Catalog(home / "warehouse").entry("workforce").rows == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "556004-1492;2024;1980;3113;6;45-49;X;SE;3;2,5\n", "utf-8")
    result = runner.invoke(app, ["import", "workforce", str(bad), "--home", str(home)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "bad.csv, row 2, field 'gender': F or M" in text
    assert result.output.count("Error:") == 1


@pytest.mark.django_db
def test_registry_import_through_the_cli(
    home: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "org_number;name;kommun_code;year;included;reason;segment\n"
        "556004-1492;Fiktiva Nät AB;1980;2024;ja;Elnät;grids\n",
        "utf-8",
    )
    args = ["import", "registry", str(path), "--home", str(home)]
    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "organisations" in result.output
    assert Catalog(home / "warehouse").entry("registry_imports").rows == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = runner.invoke(app, args)
    assert "Unchanged: the registry" in again.output
    path.write_text("org_number;name\n556004-1493;X\n", "utf-8")
    bad = runner.invoke(app, args)
    assert bad.exit_code == 2
    assert "reg.csv, row 2, field 'org_number'" in " ".join(bad.output.split())
