"""The survey service: answers, publishing to ``hiring_plans``, the demo round, the CLI."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pytest
import typer
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest.survey_files import AnswerRow
from ecc_atlas.services import survey as service
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.accounts.models import AuditEvent
from ecc_atlas.web.registry.models import Organisation
from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse, SurveyRound

pytestmark = pytest.mark.django_db

HIRING_PLANS_TYPES = {
    "org_number": pa.string(),
    "survey_year": pa.int32(),
    "ssyk": pa.string(),
    "horizon_years": pa.int32(),
    "planned_hires": pa.int64(),
    "planned_net_change": pa.int64(),
    "recruitment_difficulty": pa.int64(),
}


def _org(stem: str, name: str, *, synthetic: bool = False) -> Organisation:
    number = stem + str(luhn_check_digit(stem))
    return Organisation.objects.create(org_number=number, name=name, synthetic=synthetic)


@pytest.fixture
def analyst() -> Any:
    return get_user_model().objects.create_user(username="survey_service_analyst")


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "warehouse")


def _respond(survey_round: SurveyRound, org: Organisation, rows: list[AnswerRow], user: Any,
             *, submit: bool = True) -> SurveyResponse:  # fmt: skip
    response = SurveyResponse.objects.create(round=survey_round, organisation=org)
    return service.save_answers(response, rows, user=user, submit_now=submit)


def test_publish_maps_answers_to_the_hiring_plans_schema(analyst: Any, catalog: Catalog) -> None:
    survey_round = SurveyRound.objects.create(year=2094)
    a = _org("559872001", "Publish A")
    b = _org("559872002", "Publish B")
    c = _org("559872003", "Publish C (draft)")
    _respond(survey_round, a, [
        AnswerRow("2143", 1, 2, 0, 3),
        AnswerRow("2143", 5, 10, 4, 4, "Reläskydd", ("relay_protection",)),
        AnswerRow("7411", 3, 1, 3, 2),
    ], analyst)  # fmt: skip
    _respond(survey_round, b, [AnswerRow("2143", 3, 5, 1, 5)], analyst)
    _respond(survey_round, c, [AnswerRow("2512", 5, 9, 0, 1)], analyst, submit=False)
    with pytest.raises(ValueError, match="Close"):
        service.publish_round(survey_round, catalog=catalog, user=analyst)
    survey_round.status = "closed"
    survey_round.save()
    result = service.publish_round(survey_round, catalog=catalog, user=analyst)
    assert (result.rows, result.organisations, result.changed) == (3, 2, True)
    table = catalog.read_arrow("hiring_plans")
    assert {f.name: f.type for f in table.schema} == HIRING_PLANS_TYPES
    assert table.to_pylist() == [
        # the longest horizon of an occupation wins; net change = recruitments − retirements
        {"org_number": a.org_number, "survey_year": 2094, "ssyk": "2143", "horizon_years": 5,
         "planned_hires": 10, "planned_net_change": 6, "recruitment_difficulty": 4},
        {"org_number": a.org_number, "survey_year": 2094, "ssyk": "7411", "horizon_years": 3,
         "planned_hires": 1, "planned_net_change": -2, "recruitment_difficulty": 2},
        {"org_number": b.org_number, "survey_year": 2094, "ssyk": "2143", "horizon_years": 3,
         "planned_hires": 5, "planned_net_change": 4, "recruitment_difficulty": 5},
    ]  # fmt: skip
    entry = catalog.entry("hiring_plans")
    assert entry.parameters["survey_year"] == 2094
    assert entry.parameters["user"] == "survey_service_analyst"
    assert entry.parameters["organisations"] == 2
    assert not entry.synthetic
    survey_round.refresh_from_db()
    assert survey_round.published_rows == 3
    assert survey_round.published_by == analyst
    assert AuditEvent.objects.filter(action="survey.publish", details__changed=True).exists()
    # idempotent: the same answers again change neither the manifest nor the round
    manifest = catalog.manifest_path.read_bytes()
    published_at = survey_round.published_at
    again = service.publish_round(survey_round, catalog=catalog, user=analyst)
    assert not again.changed
    assert catalog.manifest_path.read_bytes() == manifest
    survey_round.refresh_from_db()
    assert survey_round.published_at == published_at


def test_publish_keeps_other_survey_years_and_replaces_its_own(
    analyst: Any, catalog: Catalog
) -> None:
    org = _org("559872004", "Years")
    older = SurveyRound.objects.create(year=2095)
    _respond(older, org, [AnswerRow("2143", 5, 3, 1, 2)], analyst)
    newer = SurveyRound.objects.create(year=2096)
    _respond(newer, org, [AnswerRow("2143", 5, 8, 1, 4)], analyst)
    for survey_round in (older, newer):
        survey_round.status = "closed"
        survey_round.save()
        service.publish_round(survey_round, catalog=catalog, user=analyst)
    years = catalog.read_arrow("hiring_plans").column("survey_year").to_pylist()
    assert years == [2095, 2096]
    # the older round corrected (reopened, changed, closed) replaces only its own year
    older.status = "open"
    older.save()
    response = SurveyResponse.objects.get(round=older, organisation=org)
    service.save_answers(response, [AnswerRow("2143", 5, 4, 0, 2)], user=analyst, submit_now=True)
    older.status = "closed"
    older.save()
    result = service.publish_round(older, catalog=catalog, user=analyst)
    assert result.kept_rows == 1
    assert result.changed
    rows = catalog.read_arrow("hiring_plans").to_pylist()
    assert [(r["survey_year"], r["planned_hires"]) for r in rows] == [(2095, 4), (2096, 8)]


def test_publish_refuses_a_round_without_submitted_answers(analyst: Any, catalog: Catalog) -> None:
    survey_round = SurveyRound.objects.create(year=2097, status="closed")
    with pytest.raises(ValueError, match="no submitted answers"):
        service.publish_round(survey_round, catalog=catalog, user=analyst)
    assert "hiring_plans" not in catalog


def test_publish_failure_leaves_warehouse_and_round_unchanged(
    analyst: Any, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey_round = SurveyRound.objects.create(year=2098)
    _respond(survey_round, _org("559872005", "Crash"), [AnswerRow("2143", 5, 3, 1, 2)], analyst)
    survey_round.status = "closed"
    survey_round.save()

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.audit, "record", crash)
    with pytest.raises(RuntimeError):
        service.publish_round(survey_round, catalog=catalog, user=analyst)
    survey_round.refresh_from_db()
    assert survey_round.published_at is None
    assert "hiring_plans" not in catalog


def test_save_answers_rules(analyst: Any) -> None:
    survey_round = SurveyRound.objects.create(year=2099)
    org = _org("559872006", "Rules")
    response = SurveyResponse.objects.create(round=survey_round, organisation=org)
    with pytest.raises(service.SurveyIncomplete):
        service.save_answers(response, [], user=analyst, submit_now=True)
    with pytest.raises(ValueError, match="twice"):
        service.save_answers(response, [AnswerRow("2143", 5, 1, 0, 1)] * 2, user=analyst)
    service.save_answers(response, [], user=analyst)  # an empty draft is fine
    with pytest.raises(service.SurveyIncomplete):
        service.submit(response, user=analyst)
    service.save_answers(response, [AnswerRow("2143", 5, 1, 0, 1)], user=analyst)
    assert service.submit(response, user=analyst).status == "submitted"
    survey_round.status = "closed"
    survey_round.save()
    with pytest.raises(service.SurveyClosed):
        service.save_answers(response, [AnswerRow("2512", 5, 1, 0, 1)], user=analyst)
    assert list(response.answers.values_list("ssyk", flat=True)) == ["2143"]


# -- the demo ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_data() -> Any:
    from ecc_atlas import demo

    return demo.generate()


def _demo_orgs(data: Any) -> dict[str, int]:
    ids = {}
    for o in data.organisations:
        org, _ = Organisation.objects.get_or_create(
            org_number=o.org_number, defaults={"name": o.name, "kind": o.kind, "synthetic": True}
        )
        ids[o.org_number] = org.pk
    return ids


def test_demo_survey_reproduces_hiring_plans_and_is_idempotent(
    demo_data: Any, analyst: Any, catalog: Catalog
) -> None:
    from ecc_atlas.reference.skills import skill_vocabulary

    ids = _demo_orgs(demo_data)
    year = int(demo_data.hiring_plans.column("survey_year")[0].as_py())
    real = _org("559872007", "Real respondent")
    closed, _ = SurveyRound.objects.get_or_create(year=year, defaults={"status": "closed"})
    SurveyResponse.objects.create(round=closed, organisation=real, status="submitted")
    first = service.load_demo_survey(demo_data, ids)
    second = service.load_demo_survey(demo_data, ids)
    assert first["survey_responses"] == second["survey_responses"] > 10
    assert first["survey_answers"] == second["survey_answers"] == demo_data.hiring_plans.num_rows
    assert second["survey_rounds"] == 0
    closed = SurveyRound.objects.get(year=year)
    assert not closed.is_open
    assert SurveyRound.objects.get(year=year + 1).is_open
    assert not SurveyResponse.objects.filter(round__year=year + 1, organisation__synthetic=True)
    assert SurveyResponse.objects.filter(round=closed, organisation=real).exists()
    demo_answers = SurveyAnswer.objects.filter(
        response__round=closed, response__organisation__synthetic=True
    )
    assert demo_answers.count() == demo_data.hiring_plans.num_rows
    # the answers carry hard-to-find skills linked to the occupation
    vocabulary = skill_vocabulary()
    hard = [a for a in demo_answers if a.difficulty >= 4 and vocabulary.for_ssyk(a.ssyk)]
    assert hard
    assert all(a.skills and a.hard_to_find for a in hard)
    for a in hard:
        assert set(a.skills) <= {s.id for s in vocabulary.for_ssyk(a.ssyk)}
    sharing: dict[tuple[str, str], set[int]] = defaultdict(set)
    for a in hard:
        for skill in a.skills:
            sharing[(a.ssyk, skill)].add(a.response.organisation_id)
    assert max(len(orgs) for orgs in sharing.values()) >= 2  # a shortage several companies share
    # publishing the demo round gives back the demo's hiring plans
    SurveyResponse.objects.filter(organisation=real).delete()
    service.publish_round(closed, catalog=catalog, user=analyst)
    published = catalog.read_arrow("hiring_plans").sort_by(
        [("org_number", "ascending"), ("ssyk", "ascending")]
    )
    expected = demo_data.hiring_plans.sort_by([("org_number", "ascending"), ("ssyk", "ascending")])
    assert published.equals(expected)
    assert catalog.entry("hiring_plans").synthetic


# -- the command line -------------------------------------------------------------------------
@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any) -> str:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ECC_ATLAS_HOME", str(path))
    (path / "secret_key").write_text("test-key-written-by-init\n")
    return str(path)


def test_cli_import_survey(home: str, tmp_path: Path) -> None:
    from ecc_atlas.cli.importers import import_app

    app = typer.Typer()
    app.add_typer(import_app, name="import")
    runner = CliRunner()
    org = _org("559872008", "CLI AB")
    SurveyRound.objects.create(year=2090)
    template = tmp_path / "svar.xlsx"

    def run(*args: str) -> Any:
        return runner.invoke(app, ["import", "survey", *args, "--home", home])

    made = run("--template", str(template), "--org", org.org_number_display, "--round", "2090")
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(template)
    book["answers"].append(["2143", 5, 4, 1, 4, "Högspänning", "high_voltage"])
    book.save(template)
    dry = run(str(template), "--round", "2090", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output
    assert not SurveyResponse.objects.exists()
    missing = run(str(template))
    assert missing.exit_code == 2
    assert "--round YEAR" in missing.output
    wrong = run(str(template), "--round", "2091")
    assert wrong.exit_code == 2
    assert "not --round 2091" in wrong.output
    done = run(str(template), "--round", "2090", "--submit")
    assert done.exit_code == 0, done.output
    response = SurveyResponse.objects.get(organisation=org)
    assert response.status == "submitted"
    assert response.channel == "xlsx"
    assert response.answers.get().skills == ["high_voltage"]
    again = run(str(template), "--round", "2090", "--submit")
    assert again.exit_code == 0
    assert "Unchanged" in again.output
    book["answers"].append(["9999", 5, 4, 1, 4])
    book.save(template)
    bad = run(str(template), "--round", "2090")
    assert bad.exit_code == 2
    assert "answers.ssyk" in bad.output
    assert response.answers.count() == 1
    SurveyRound.objects.filter(year=2090).update(status="closed")
    book["answers"].delete_rows(3)
    book.save(template)
    closed = run(str(template), "--round", "2090")
    assert closed.exit_code == 2
    assert "closed" in closed.output


def test_failure_midway_keeps_the_previous_answers(
    analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey_round = SurveyRound.objects.create(year=2088)
    org = _org("559872009", "Midway")
    response = _respond(survey_round, org, [AnswerRow("2143", 5, 3, 1, 2)], analyst)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed after the old rows were deleted")

    monkeypatch.setattr(SurveyAnswer.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        service.save_answers(response, [AnswerRow("7411", 1, 9, 0, 5)], user=analyst)
    response.refresh_from_db()
    assert response.status == "submitted"
    assert list(response.answers.values_list("ssyk", "planned_recruitments")) == [("2143", 3)]
