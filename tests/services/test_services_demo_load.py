"""load_demo: atomic, idempotent, and the figures it feeds come from the records."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.services import demo as demo_service
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.services.demo import load_demo
from ecc_atlas.services.figures import headline_figures
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Segment, Workplace

pytestmark = pytest.mark.django_db

KEYS = {
    "employees", "full_year_equivalents", "organisations", "workplaces", "phd_employees",
    "women_share", "mean_age", "recruitment_need_per_year", "shortage_occupations",
    "concentration_rank",
    "export_per_capita_rank",
}  # fmt: skip
FIGURE_FIELDS = {"key", "value", "unit", "label_sv", "label_en", "source", "method",
                 "definition_sv", "definition_en"}  # fmt: skip


def _state(settings: Settings) -> tuple[int, int, int, int, str]:
    manifest = Catalog(settings.warehouse_dir).manifest_path
    text = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    return (
        Organisation.objects.count(),
        Workplace.objects.count(),
        DelimitationDecision.objects.count(),
        Segment.objects.count(),
        text,
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path)


def test_headline_figures_in_calibrated_ranges(settings: Settings) -> None:
    messages: list[str] = []
    summary = load_demo(settings, progress=messages.append)
    assert summary.organisations == Organisation.objects.filter(synthetic=True).count()
    assert summary.decisions == DelimitationDecision.objects.count()
    assert summary.datasets["workforce"] > 10_000
    assert messages[0] == "Generating the demo dataset"
    ctx = AnalysisContext.from_settings(settings)
    result = headline_figures(ctx, region="19")
    data = result.to_json()
    assert set(data) == {"region", "year", "synthetic", "figures"}
    assert (data["region"], data["year"], data["synthetic"]) == ("19", 2024, True)
    assert all(set(f) == FIGURE_FIELDS for f in data["figures"])
    values = result.values()
    assert set(values) == KEYS
    assert 9_500 <= values["full_year_equivalents"] <= 10_800
    assert values["full_year_equivalents"] < values["employees"] <= 12_000
    assert 350 <= values["phd_employees"] <= 450
    assert 0.22 <= values["women_share"] <= 0.27
    assert 43.0 <= values["mean_age"] <= 45.0
    assert 1_700 <= values["recruitment_need_per_year"] <= 2_300
    assert 1 <= values["shortage_occupations"] <= 40
    assert values["concentration_rank"] == 1
    assert values["export_per_capita_rank"] == 2
    assert values["organisations"] > 100
    assert values["workplaces"] >= values["organisations"]
    employees = result.figure("employees")
    assert "synthetic demo data" in employees.source
    assert "workforce" in employees.source
    assert "Location quotient" in result.figure("concentration_rank").method
    assert employees.label_sv
    assert employees.label_en
    assert employees.definition_sv


def test_deleting_an_included_decision_lowers_the_figure(settings: Settings) -> None:
    load_demo(settings)
    ctx = AnalysisContext.from_settings(settings)
    before = headline_figures(ctx, region="19").values()
    version = ctx.data_version
    org = Organisation.objects.get(name="Mälarvolt Kraftsystem AB")
    workforce = Catalog(settings.warehouse_dir).read_arrow("workforce")
    mask = pc.and_(pc.equal(workforce["org_number"], org.org_number),
                   pc.equal(workforce["year"], 2024))  # fmt: skip
    own = pc.sum(workforce.filter(mask)["employees"]).as_py()
    assert own > 1_000
    DelimitationDecision.objects.filter(organisation=org, year=2024).delete()
    assert ctx.data_version != version
    after = headline_figures(ctx, region="19").values()
    assert after["employees"] == before["employees"] - own
    assert after["organisations"] == before["organisations"] - 1


def test_a_modified_dataset_changes_the_figure(settings: Settings) -> None:
    load_demo(settings)
    ctx = AnalysisContext.from_settings(settings)
    before = headline_figures(ctx, region="19").values()["employees"]
    catalog = Catalog(settings.warehouse_dir)
    workforce = catalog.read_arrow("workforce")
    doubled = workforce.set_column(
        workforce.schema.get_field_index("employees"),
        "employees",
        pc.multiply(workforce["employees"], pa.scalar(2, pa.int64())),
    )
    catalog.write("workforce", doubled, source="test", synthetic=True)
    assert headline_figures(ctx, region="19").values()["employees"] == 2 * before


def test_load_twice_gives_the_same_state(settings: Settings) -> None:
    load_demo(settings)
    first = _state(settings)
    entries = Catalog(settings.warehouse_dir).entries()
    load_demo(settings)
    assert _state(settings) == first
    assert Catalog(settings.warehouse_dir).entries() == entries
    assert Organisation.objects.filter(synthetic=True).count() == first[0]


def test_a_real_organisation_survives_a_reload(settings: Settings) -> None:
    load_demo(settings)
    number = "556000000" + str(luhn_check_digit("556000000"))
    Organisation.objects.create(org_number=number, name="Real AB")
    load_demo(settings)
    assert Organisation.objects.filter(synthetic=False).count() == 1


def test_failure_mid_load_changes_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(settings)
    before = _state(settings)

    def boom(target: object) -> None:
        raise RuntimeError("injected failure while writing the warehouse")

    monkeypatch.setattr(demo_service, "write_population", boom)
    with pytest.raises(RuntimeError, match="injected"):
        load_demo(settings, seed=99)
    assert _state(settings) == before


def test_failure_on_first_load_leaves_an_empty_home(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(data: object) -> None:
        raise RuntimeError("injected failure in the registry")

    monkeypatch.setattr(demo_service, "_replace_registry", boom)
    with pytest.raises(RuntimeError, match="injected"):
        load_demo(settings)
    orgs, places, decisions, _segments, manifest = _state(settings)
    assert (orgs, places, decisions, manifest) == (0, 0, 0, "")
