"""Hostile files against the parsers: mutated samples, random bytes and random JSON documents
fed to every file importer (dry runs). Each either imports or fails with the importers' own
error — which the command line prints as one line — never with anything else (a crash that
would be a traceback or a 500)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.jobtech import import_job_ads
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.scb import import_scb_file
from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer
from ecc_atlas.warehouse import Catalog, WarehouseError

pytestmark = pytest.mark.slow

DATA = Path(__file__).parents[1] / "ingest" / "data"
SAMPLES = {
    "scb-jsonstat2": (DATA / "tab638_population.json", "json"),
    "scb-jsonstat1": (DATA / "v1_jsonstat1.json", "json"),
    "scb-csv": (DATA / "pxweb_population.csv", "csv"),
    "yrkesbarometer": (DATA / "yrkesbarometer_2025_2.json", "json"),
    "jobtech": (DATA / "ads_upper.jsonl", "jsonl"),
}
#: What an importer may raise on bad input: its own error (one clear line in the CLI).
EXPECTED = (IngestError,)
#: Also turned into one line by the CLI, but a sign of a missing check in the importer.
TOLERATED = (WarehouseError, ValueError, UnicodeError, OverflowError)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
LIMITS = Limits(max_json_bytes=2_000_000, max_jsonl_bytes=2_000_000, max_table_bytes=2_000_000)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=30,
)


def _importer(kind: str) -> Any:
    if kind.startswith("scb"):
        return lambda catalog, path: import_scb_file(
            catalog, path, dataset="scb_fuzz", dry_run=True, limits=LIMITS
        )
    if kind == "yrkesbarometer":
        return lambda catalog, path: import_yrkesbarometer(
            catalog, path, dry_run=True, limits=LIMITS
        )
    return lambda catalog, path: import_job_ads(catalog, path, dry_run=True, limits=LIMITS)


def _feed(kind: str, data: bytes, tmp: Path, outcomes: dict[str, int]) -> None:
    suffix = SAMPLES[kind][0].suffix
    path = tmp / f"upload{suffix}"
    path.write_bytes(data)
    catalog = Catalog(tmp / "warehouse")
    try:
        _importer(kind)(catalog, path)
        outcomes["imported"] = outcomes.get("imported", 0) + 1
    except EXPECTED:
        outcomes["refused"] = outcomes.get("refused", 0) + 1
    except TOLERATED as exc:
        key = f"tolerated {type(exc).__name__}"
        outcomes[key] = outcomes.get(key, 0) + 1
    assert not (tmp / "warehouse" / "manifest.json").exists(), "a dry run wrote the warehouse"


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "duplicate"]))
        position = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 200))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=40))
        else:
            data[position:position] = data[position : position + draw(st.integers(1, 400))]
    return bytes(data)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_mutated_samples(kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    original = SAMPLES[kind][0].read_bytes()
    outcomes: dict[str, int] = {}

    @FUZZ
    @given(data=mutated(original))
    def run(data: bytes) -> None:
        _feed(kind, data, tmp_path_factory.mktemp("fuzz"), outcomes)

    run()
    print(f"fuzz {kind} mutated:", outcomes)
    assert sum(outcomes.values()) > 0


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_random_bytes_and_json(kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    outcomes: dict[str, int] = {}
    documents = st.one_of(
        st.binary(max_size=2000),
        json_values.map(lambda v: json.dumps(v, allow_nan=True).encode()),
        st.lists(json_values, max_size=5).map(
            lambda rows: "\n".join(json.dumps(r, allow_nan=True) for r in rows).encode()
        ),
    )

    @FUZZ
    @given(data=documents)
    def run(data: bytes) -> None:
        _feed(kind, data, tmp_path_factory.mktemp("fuzz"), outcomes)

    run()
    print(f"fuzz {kind} random:", outcomes)
    assert outcomes.get("refused", 0) > 0


def test_oversized_upload_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"1," * 1_100_000 + b"1]")
    with pytest.raises(IngestError, match=r"(?i)large|limit|bytes"):
        import_scb_file(Catalog(tmp_path / "w"), big, dataset="x", dry_run=True, limits=LIMITS)


def test_scb_csv_bare_carriage_return_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(b"a,b\r1\n")
    with pytest.raises(IngestError):
        import_scb_file(Catalog(tmp_path / "w"), path, dataset="x", dry_run=True, limits=LIMITS)
