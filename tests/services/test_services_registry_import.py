"""The registry import: template round trip, idempotence, corrections, atomicity, provenance."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest.base import ImportSummary
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.registry import write_registry_template
from ecc_atlas.services import registry_import
from ecc_atlas.services.registry_import import import_registry
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

Capture = Callable[..., AbstractContextManager[Any]]


def org(n: int) -> str:
    """A valid organisation number, NNNNNN-NNNN."""
    body = f"55600{n:04d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def digits(n: int) -> str:
    """The stored form of :func:`org`."""
    return org(n).replace("-", "")


ORGANISATIONS = [
    [
        org(1),
        "Fiktiva Kraft AB",
        "company",
        "35.11",
        "supply",
        "medium",
        "some",
        "https://k.se",
        "",
    ],
    [org(2), "Fiktiv Högskola", "akademi", "85.42", "", "hög", "ingen", "", "Utbildning"],
]
WORKPLACES = [
    [org(1), "", "1980", "111", "Kraftgatan 1"],
    [org(1), "Köpingsverket", "1983", "", ""],
    [org(2), "", "1980", "", ""],
]
DECISIONS = [
    [org(1), 2023, "ja", "Elproduktion (SNI 35.11)", "supply"],
    [org(1), 2024, "ja", "Elproduktion (SNI 35.11)", "supply"],
    [org(2), 2024, "nej", "Utbildning, ingen energiproduktion", ""],
]


def fill(path: Path, template: Path, **sheets: list[list[Any]]) -> Path:
    """Fill the template's sheets (missing ones: the default rows above) and save as ``path``."""
    book = load_workbook(template)
    rows = {"organisations": ORGANISATIONS, "workplaces": WORKPLACES, "decisions": DECISIONS}
    for title, default in rows.items():
        for row in sheets.get(title, default):
            book[title].append(row)
    book.save(path)
    return path


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_registry_template(tmp_path / "template.xlsx")


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "warehouse")


@pytest.fixture
def run(
    catalog: Catalog, django_capture_on_commit_callbacks: Capture
) -> Callable[..., ImportSummary]:
    """Import as if committed: on-commit callbacks (the provenance) run at the end."""

    def go(path: Path, **kwargs: Any) -> ImportSummary:
        kwargs.setdefault("user", "analytiker")
        with django_capture_on_commit_callbacks(execute=True):
            return import_registry(catalog, path, **kwargs)

    return go


def state(catalog: Catalog) -> tuple[Any, ...]:
    """Everything an import may change."""
    orgs = list(
        Organisation.objects.order_by("org_number").values_list(
            "org_number", "name", "kind", "sni_code", "rd_intensity", "export_class",
            "website", "description", "synthetic", "updated_at",
        )
    )  # fmt: skip
    segments = sorted(Organisation.segments.through.objects.values_list(
        "organisation__org_number", "segment_id"))  # fmt: skip
    places = sorted(Workplace.objects.values_list(
        "organisation__org_number", "kommun_code", "name", "workplace_id", "address"))  # fmt: skip
    decisions = sorted(DelimitationDecision.objects.values_list(
        "id", "organisation__org_number", "year", "included", "reason", "segment_id"))  # fmt: skip
    manifest = catalog.manifest_path.read_bytes() if catalog.manifest_path.exists() else b""
    return orgs, segments, places, decisions, manifest


pytestmark = pytest.mark.django_db


def test_template_round_trip(run: Any, catalog: Catalog, template: Path, tmp_path: Path) -> None:
    summary = run(fill(tmp_path / "reg.xlsx", template))
    counts = summary.counts
    assert (counts["organisations_created"], counts["workplaces_created"]) == (2, 3)
    assert counts["decisions_added"] == 3
    kraft = Organisation.objects.get(org_number=digits(1))
    assert (kraft.name, kraft.sni_code, kraft.rd_intensity, kraft.website) == (
        "Fiktiva Kraft AB",
        "35.11",
        "medium",
        "https://k.se",
    )
    assert [s.code for s in kraft.segments.all()] == ["supply"]
    school = Organisation.objects.get(org_number=digits(2))
    assert (school.kind, school.rd_intensity, school.export_class) == ("academia", "high", "none")
    names = sorted(kraft.workplaces.values_list("name", flat=True))
    assert names == ["Fiktiva Kraft AB", "Köpingsverket"]
    decision = DelimitationDecision.objects.get(organisation=school)
    assert (decision.included, decision.segment_id, decision.decided_by_name) == (
        False,
        None,
        "analytiker",
    )
    assert decision.classification_version
    runs = catalog.read_arrow("registry_imports").to_pylist()
    assert len(runs) == 1
    assert runs[0]["input_sha256"] == summary.input_sha256
    assert (runs[0]["user"], runs[0]["decisions_added"], runs[0]["changed"]) == (
        "analytiker",
        3,
        True,
    )
    assert catalog.entry("registry_imports").parameters["importer"] == "registry"


def test_same_file_twice_changes_nothing(
    run: Any, catalog: Catalog, template: Path, tmp_path: Path
) -> None:
    path = fill(tmp_path / "reg.xlsx", template)
    run(path)
    before = state(catalog)
    again = run(path)
    assert state(catalog) == before
    assert not again.changed
    assert {d.status for d in again.datasets} == {"unchanged"}
    assert again.counts["decisions_unchanged"] == 3


def test_corrected_file_updates(run: Any, catalog: Catalog, template: Path, tmp_path: Path) -> None:
    run(fill(tmp_path / "reg.xlsx", template))
    website_left_out = load_workbook(template)
    sheet = website_left_out["organisations"]
    sheet.delete_cols(8)  # no 'website' column: websites stay as they are
    row = ORGANISATIONS[0]
    sheet.append([row[0], "Fiktiva Kraft och Värme AB", *row[2:4], "supply, heat", *row[5:7]])
    website_left_out["workplaces"].append([org(1), "", "1983", "111", "Kraftgatan 1"])
    website_left_out["decisions"].append([org(1), 2024, "nej", "Såld elproduktion", ""])
    website_left_out.save(tmp_path / "corrected.xlsx")
    summary = run(tmp_path / "corrected.xlsx")
    kraft = Organisation.objects.get(org_number=digits(1))
    assert kraft.name == "Fiktiva Kraft och Värme AB"
    assert kraft.website == "https://k.se"
    assert sorted(s.code for s in kraft.segments.all()) == ["heat", "supply"]
    assert list(kraft.workplaces.values_list("kommun_code", "name")) == [
        ("1983", "Fiktiva Kraft och Värme AB")
    ]
    history = DelimitationDecision.objects.filter(organisation=kraft, year=2024)
    assert history.count() == 2
    assert history.order_by("-decided_at", "-id").first().included is False  # type: ignore[union-attr]
    c = summary.counts
    assert (c["organisations_updated"], c["workplaces_deleted"], c["decisions_added"]) == (1, 2, 1)
    assert Organisation.objects.get(org_number=digits(2)).name == "Fiktiv Högskola"
    assert len(catalog.read_arrow("registry_imports")) == 2


@pytest.mark.parametrize("stage", ["_apply_workplaces", "_apply_decisions"])
def test_failure_midway_leaves_registry_and_manifest_unchanged(
    run: Any,
    catalog: Catalog,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
) -> None:
    run(fill(tmp_path / "reg.xlsx", template))
    before = state(catalog)
    corrected = [[*ORGANISATIONS[0][:1], "Nytt namn AB", *ORGANISATIONS[0][2:]]]
    path = fill(tmp_path / "new.xlsx", template, organisations=corrected)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed midway")

    monkeypatch.setattr(registry_import, stage, crash)
    with pytest.raises(RuntimeError, match="killed midway"):
        run(path)
    assert state(catalog) == before


def test_errors_name_file_row_and_field(
    run: Any, catalog: Catalog, template: Path, tmp_path: Path
) -> None:
    unknown = [[org(9), 2024, "ja", "Ny aktör", "grids"]]
    path = fill(tmp_path / "reg.xlsx", template, decisions=DECISIONS + unknown)
    with pytest.raises(IngestError) as caught:
        run(path)
    issue = caught.value.first
    assert (issue.file, issue.row, issue.field) == ("reg.xlsx, sheet 'decisions'", 5, "name")
    assert f"{digits(9)} is not in the registry" in issue.expected
    assert state(catalog)[:4] == ([], [], [], [])
    assert not catalog.manifest_path.exists()


def test_dry_run_counts_and_writes_nothing(
    run: Any, catalog: Catalog, template: Path, tmp_path: Path
) -> None:
    summary = run(fill(tmp_path / "reg.xlsx", template), dry_run=True)
    assert summary.counts["organisations_created"] == 2
    assert [d.status for d in summary.datasets] == ["dry run"] * 4
    assert [d.rows for d in summary.datasets[:3]] == [2, 3, 3]
    assert Organisation.objects.count() == 0
    assert not catalog.manifest_path.exists()


def test_actor_and_synthetic_organisations(run: Any, template: Path, tmp_path: Path) -> None:
    Organisation.objects.create(org_number=org(1), name="Demo AB", synthetic=True)
    actor = get_user_model().objects.create_user("anna", password="x")
    run(fill(tmp_path / "reg.xlsx", template), user=None, actor=actor)
    kraft = Organisation.objects.get(org_number=digits(1))
    assert (kraft.name, kraft.synthetic) == ("Fiktiva Kraft AB", False)
    decision = kraft.decisions.first()
    assert decision is not None
    assert (decision.decided_by, decision.decided_by_name) == (actor, "anna")


@pytest.mark.django_db(transaction=True)
def test_provenance_written_after_commit_and_recovered_by_a_rerun(
    catalog: Catalog, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fill(tmp_path / "reg.xlsx", template)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(registry_import, "commit", broken)
        with pytest.raises(OSError, match="disk full"):
            import_registry(catalog, path, user="u")
    assert Organisation.objects.count() == 2  # the database transaction had committed
    assert not catalog.manifest_path.exists()
    summary = import_registry(catalog, path, user="u")  # a real commit: provenance at once
    assert summary.datasets[-1].name == "registry_imports"
    runs = catalog.read_arrow("registry_imports").to_pylist()
    assert [(r["changed"], r["organisations_unchanged"]) for r in runs] == [(False, 2)]
    assert import_registry(catalog, path, user="u").datasets[-1].status == "unchanged"
