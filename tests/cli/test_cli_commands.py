"""The command line, in-process with Typer's CliRunner."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecc_atlas.cli import app

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("init", "demo", "serve", "figures", "import", "manage"):
        assert command in result.output
    for command in ("init", "demo", "serve", "figures"):
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "--home" in sub.output


def test_unwritable_home_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["init", "--home", str(blocker / "home")])
    assert result.exit_code == 2
    assert "Cannot create the data home" in result.output
    assert "Traceback" not in result.output


def test_home_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["figures", "--home", str(blocker)])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_figures_on_missing_home_says_run_init(tmp_path: Path) -> None:
    result = runner.invoke(app, ["figures", "--home", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "ecc-atlas init" in result.output


@pytest.mark.django_db
def test_init_demo_then_figures_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECC_ATLAS_SECRET_KEY", raising=False)
    home = tmp_path / "home"
    result = runner.invoke(app, ["init", "--demo", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert (home / "secret_key").stat().st_mode & 0o077 == 0
    again = runner.invoke(app, ["init", "--demo", "--home", str(home)])
    assert again.exit_code == 0, again.output
    result = runner.invoke(app, ["figures", "--json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["region"] == "19"
    assert data["synthetic"] is True
    keys = {f["key"] for f in data["figures"]}
    assert {
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
    } <= keys
    for fig in data["figures"]:
        assert set(fig) >= {"key", "value", "unit", "label_sv", "label_en", "source", "method"}
    table = runner.invoke(app, ["figures", "--home", str(home)])
    assert table.exit_code == 0
    assert "synthetic" in table.output


@pytest.mark.django_db
def test_figures_for_unknown_year_is_clear(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert runner.invoke(app, ["init", "--demo", "--home", str(home)]).exit_code == 0
    result = runner.invoke(app, ["figures", "--home", str(home), "--year", "1850"])
    assert result.exit_code == 2
    assert "1850" in result.output
    assert "Traceback" not in result.output


@pytest.mark.django_db
def test_serve_on_busy_port_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert runner.invoke(app, ["init", "--home", str(home)]).exit_code == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--home", str(home), "--port", str(port)])
    assert result.exit_code == 2
    assert "already in use" in result.output
