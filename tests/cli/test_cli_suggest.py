"""`ecc-atlas suggest` in-process, on a data home with a survey round and programmes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.cli.suggest import suggest

pytestmark = pytest.mark.django_db

runner = CliRunner()
app = typer.Typer()
app.command(name="suggest")(suggest)


@app.callback()
def _root() -> None:
    """A stand-in for the ecc-atlas app."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from ecc_atlas.config import load_settings
    from ecc_atlas.warehouse import Catalog

    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ECC_ATLAS_HOME", str(path))
    # an existing home has the key `init` wrote; CI sets no ECC_ATLAS_SECRET_KEY
    (path / "secret_key").write_text("test-key-written-by-init\n")
    programmes = pa.table(
        {
            "provider": ["Suggest-test Yrkeshögskola"],
            "programme": ["Elkraftingenjör"],
            "year": pa.array([2024], pa.int32()),
            "places": [40],
            "graduates": [31],
            "ssyk": ["3113"],
        }
    )
    with Catalog(load_settings(str(path)).warehouse_dir).transaction() as staging:
        staging.write("programmes", programmes, source="test")
    return str(path)


def _org(stem: str, name: str, kind: str = "company") -> Any:
    from ecc_atlas.identifiers import luhn_check_digit
    from ecc_atlas.web.registry.models import Organisation

    return Organisation.objects.create(
        org_number=stem + str(luhn_check_digit(stem)), name=name, kind=kind
    )


@pytest.fixture
def survey(db: None) -> list[Any]:
    from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

    orgs = [_org("559911001", "Suggest Kraft AB"), _org("559911002", "Suggest Nät AB")]
    survey_round = SurveyRound.objects.create(year=2099, status="closed")
    for org, difficulty, planned in zip(orgs, (5, 4), (6, 2), strict=True):
        response = SurveyResponse.objects.create(
            round=survey_round, organisation=org, status="submitted"
        )
        SurveyAnswer.objects.create(
            response=response, ssyk="3113", horizon_years=5, planned_recruitments=planned,
            difficulty=difficulty,
        )  # fmt: skip
    return orgs


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["suggest", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_lists_the_shared_shortage_and_the_providers(home: str, survey: list) -> None:
    data = _json("--home", home)
    kinds = {s["kind"] for s in data["suggestions"]}
    assert kinds == {"shared_shortage", "education"}
    [shared] = [s for s in data["suggestions"] if s["kind"] == "shared_shortage"]
    assert [o["name"] for o in shared["organisations"]] == ["Suggest Kraft AB", "Suggest Nät AB"]
    assert shared["occupations"] == ["3113"]
    # 2 employers × mean difficulty 4.5 × (1 + 8/8)
    assert shared["score"] == 18.0
    assert "2 employers report a shortage" in shared["reason"]["en"]
    [education] = [s for s in data["suggestions"] if s["kind"] == "education"]
    assert education["organisations"][0]["name"] == "Suggest-test Yrkeshögskola"
    assert "40 places and 31 graduates (2024)" in education["reason"]["en"]
    assert data["sources"]["needs"] == "survey round 2099 (submitted responses)"
    assert data["decided"] == []


def test_decided_suggestions_are_listed_apart(home: str, survey: list) -> None:
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.collaboration.models import SuggestionDecision

    key = next(s["key"] for s in _json("--home", home)["suggestions"]
               if s["kind"] == "shared_shortage")  # fmt: skip
    analyst = get_user_model().objects.create_user("suggest-analyst")
    SuggestionDecision.objects.create(
        key=key, kind="shared_shortage", decision="dismissed", note="Already talking",
        decided_by=analyst,
    )  # fmt: skip
    data = _json("--home", home)
    assert key not in {s["key"] for s in data["suggestions"]}
    [decided] = data["decided"]
    assert decided["key"] == key
    assert decided["current"] is True
    assert decided["decision"]["decision"] == "dismissed"
    assert decided["decision"]["decided_by"] == "suggest-analyst"
    assert decided["decision"]["note"] == "Already talking"
    table = runner.invoke(app, ["suggest", "--home", home])
    assert table.exit_code == 0, table.output
    assert "Decided (1)" in table.output
    assert "dismissed" in table.output


def test_kind_and_limit(home: str, survey: list) -> None:
    only = _json("--home", home, "--kind", "education")
    assert [s["kind"] for s in only["suggestions"]] == ["education"]
    assert _json("--home", home, "--kind", "gap")["suggestions"] == []  # no job ads loaded
    assert len(_json("--home", home, "--limit", "1")["suggestions"]) == 1


def test_table_in_swedish(home: str, survey: list) -> None:
    result = runner.invoke(app, ["suggest", "--home", home, "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert "arbetsgivare" in result.output
    assert "Sources:" in result.output


def test_missing_home_is_one_clear_line(tmp_path: Path, db: None) -> None:
    result = runner.invoke(app, ["suggest", "--home", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_json_shape_for_scripts(home: str, survey: list) -> None:
    """Every open and decided row has the keys scripts read, with their types."""
    from django.contrib.auth import get_user_model

    from ecc_atlas.web.collaboration.models import SuggestionDecision

    analyst = get_user_model().objects.create_user("suggest-shape-analyst")
    # a decision whose suggestion no longer comes up is still listed, in the same shape
    SuggestionDecision.objects.create(
        key="gap:00000000shape0", kind="gap", decision="acted", note="", decided_by=analyst
    )
    data = _json("--home", home)
    assert set(data) == {"suggestions", "decided", "sources"}
    required = {"kind", "score", "reason", "organisations", "occupations", "skills", "key"}
    assert data["suggestions"]
    for row in data["suggestions"]:
        assert required <= set(row), row
        assert isinstance(row["score"], float)
        assert set(row["reason"]) == {"sv", "en"}
        assert all({"id", "name", "kind", "role"} <= set(o) for o in row["organisations"])
        assert isinstance(row["occupations"], list)
        assert isinstance(row["skills"], list)
    [gone] = [d for d in data["decided"] if d["key"] == "gap:00000000shape0"]
    assert required | {"decision", "current"} <= set(gone)
    assert gone["current"] is False
    assert (gone["score"], gone["reason"], gone["skills"]) == (None, None, [])
