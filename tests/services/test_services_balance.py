"""The shortage list of the demo: every signal shown, verdicts and disagreement."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow as pa
import pytest

from ecc_atlas.services import balance
from ecc_atlas.services.context import AnalysisContext

_spec = importlib.util.spec_from_file_location(
    "recruitment_helpers_b", Path(__file__).with_name("test_services_recruitment.py")
)
assert _spec is not None
assert _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> AnalysisContext:
    return _helpers.demo_context(tmp_path_factory.mktemp("balance"))


def test_shortage_list_of_the_demo(ctx: AnalysisContext) -> None:
    table = balance.shortage_list(ctx)
    assert tuple(table.column_names) == balance.SHORTAGE_COLUMNS
    rows = {r["ssyk"]: r for r in table.to_pylist()}
    engineers = rows["2143"]
    assert engineers["supplied"] is True
    assert engineers["forecast_signal"] is not None
    assert engineers["difficulty_signal"] == "brist"
    assert engineers["yrkesbarometer"] is None
    assert engineers["ad_signal"] is None
    assert engineers["verdict"] in {"brist", "balans", "överskott"}
    assert engineers["scenario"] == "plans"
    assert "programmes" in engineers["sources"]
    assert all(r["signals"] <= 2 for r in rows.values())
    assert all(r["disagreement"] is False for r in rows.values() if r["signals"] < 2)


def test_shortage_list_with_barometer_and_ads(ctx: AnalysisContext) -> None:
    import datetime as dt

    ctx.catalog.write(
        "yrkesbarometer",
        pa.table(
            {
                "omgang": ["2025-1"] * 2,
                "lan_code": ["19", "00"],
                "ssyk": ["2143", "2512"],
                "rekryteringssituation": ["överskott", "brist"],
            }
        ),
        source="test",
        parameters={},
        classification_versions={},
        synthetic=True,
        description="test",
    )
    ctx.catalog.write(
        "job_ads",
        pa.table(
            {
                "ssyk": ["2143", "2512", "7411"],
                "lan_code": ["19"] * 3,
                "publication_date": [dt.date(2025, 1, 10)] * 3,
                "number_of_vacancies": pa.array([40, 1, 1], pa.int32()),
            }
        ),
        source="test",
        parameters={},
        classification_versions={},
        synthetic=True,
        description="test",
    )
    rows = {r["ssyk"]: r for r in balance.shortage_list(ctx).to_pylist()}
    engineers = rows["2143"]
    assert engineers["yrkesbarometer"] == "överskott"
    assert engineers["barometer_signal"] == "överskott"
    assert engineers["ad_signal"] == "brist"
    assert engineers["disagreement"] is True
    assert rows["2512"]["barometer_signal"] == "brist"
    assert "yrkesbarometer" in engineers["sources"]
    assert "job_ads" in engineers["sources"]
    with pytest.raises(LookupError):
        balance.shortage_list(ctx, region="1")
