"""JSON-stat decoding: a property test (encode a random cube, decode it back) and bad input."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.jsonstat import concat_cubes, decode_jsonstat, parse_jsonstat

CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-", min_size=1, max_size=6)
LABEL = st.text(min_size=0, max_size=12)
VALUE = st.one_of(
    st.none(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


@st.composite
def cubes(draw: st.DrawFn) -> dict[str, Any]:
    """A random cube: 0–4 dimensions of 1–4 categories, values (some null), encoding choices."""
    count = draw(st.integers(min_value=0, max_value=4))
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Z][a-z]{1,7}", fullmatch=True),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    dims = []
    for dim_id in ids:
        codes = draw(st.lists(CODE, min_size=1, max_size=4, unique=True))
        labels = [draw(LABEL) for _ in codes]
        dims.append((dim_id, codes, labels))
    total = math.prod(len(codes) for _, codes, _ in dims)
    values = draw(st.lists(VALUE, min_size=total, max_size=total))
    return {
        "dims": dims,
        "values": values,
        "index_as_list": draw(st.booleans()),
        "sparse": draw(st.booleans()),
        "v1": draw(st.booleans()),
    }


def encode(cube: dict[str, Any]) -> dict[str, Any]:
    """Encode a cube as JSON-stat 2 (or the JSON-stat 1 of PxWeb v1)."""
    dimension: dict[str, Any] = {}
    for dim_id, codes, labels in cube["dims"]:
        index: Any = list(codes) if cube["index_as_list"] else {c: i for i, c in enumerate(codes)}
        dimension[dim_id] = {
            "label": dim_id.lower(),
            "category": {"index": index, "label": dict(zip(codes, labels, strict=True))},
        }
    ids = [d for d, _, _ in cube["dims"]]
    sizes = [len(c) for _, c, _ in cube["dims"]]
    values: Any = cube["values"]
    if cube["sparse"]:
        values = {str(i): v for i, v in enumerate(values) if v is not None}
    if cube["v1"]:
        dimension.update(id=ids, size=sizes)
        return {"dataset": {"dimension": dimension, "label": "t", "value": values}}
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": sizes,
        "dimension": dimension,
        "value": values,
    }


@settings(max_examples=150, deadline=None)
@given(cubes())
def test_decode_inverts_encode(cube: dict[str, Any]) -> None:
    doc = json.loads(json.dumps(encode(cube)))  # through real JSON text
    table = decode_jsonstat(doc, name="cube.json")
    dims = cube["dims"]
    expected_columns = [c for d, _, _ in dims for c in (d, f"{d}_label")] + ["value"]
    assert table.column_names == expected_columns
    # Row-major, last dimension fastest: the order of itertools.product.
    combos = list(itertools.product(*[range(len(codes)) for _, codes, _ in dims]))
    assert table.num_rows == len(combos) == len(cube["values"])
    rows = table.to_pylist()
    for row, combo, value in zip(rows, combos, cube["values"], strict=True):
        for (dim_id, codes, labels), position in zip(dims, combo, strict=True):
            assert row[dim_id] == codes[position]
            assert row[f"{dim_id}_label"] == labels[position]
        assert row["value"] == (None if value is None else float(value))


def _doc(data_dir: Path, name: str = "tab638_population.json") -> dict[str, Any]:
    document: dict[str, Any] = json.loads((data_dir / name).read_text(encoding="utf-8"))
    return document


def test_population_fixture_metadata(data_dir: Path) -> None:
    cube = parse_jsonstat(_doc(data_dir), name="tab638.json")
    assert cube.table_id == "TAB638"
    assert cube.cell_key_method
    meta = cube.metadata()
    assert meta["dimensions"]["Tid"] == {"label": "år", "role": "time", "notes": []}
    assert meta["updated"] == "2025-02-21T07:00:00Z"
    table = cube.to_arrow()
    assert table.column("value").null_count == 1
    assert table.column("Region").to_pylist() == ["00", "00", "19", "19", "1980", "1980"]


def test_v1_jsonstat_fixture(data_dir: Path) -> None:
    table = decode_jsonstat(_doc(data_dir, "v1_jsonstat1.json"))
    assert table.num_rows == 4
    assert table.column("Tid").to_pylist() == ["2022", "2023", "2022", "2023"]


def test_status_becomes_a_column(data_dir: Path) -> None:
    doc = _doc(data_dir)
    doc["status"] = {"5": ".."}
    table = decode_jsonstat(doc)
    assert table.column("status").to_pylist() == [None] * 5 + [".."]


@pytest.mark.parametrize(
    ("change", "field", "row"),
    [
        (lambda d: d["value"].__setitem__(2, "281000"), "value", 3),
        (lambda d: d["value"].__setitem__(0, True), "value", 1),
        (lambda d: d["value"].__setitem__(1, float("nan")), "value", 2),
        (lambda d: d["value"].__setitem__(4, float("-inf")), "value", 5),
        (lambda d: d["value"].__setitem__(3, 10**400), "value", 4),
        (lambda d: d["value"].pop(), "value", None),
        (lambda d: d.__setitem__("size", [3, 1]), "size", None),
        (lambda d: d["dimension"]["Tid"]["category"].__setitem__("index", {"2023": 0}), None, None),
        (lambda d: d["dimension"].pop("Tid"), "Tid", None),
        (lambda d: d.__setitem__("class", "collection"), "class", None),
        (lambda d: d.__setitem__("id", ["Region", "Region", "Tid"]), "id", None),
    ],
)
def test_malformed_cubes_name_the_problem(
    data_dir: Path, change: Any, field: str | None, row: int | None
) -> None:
    doc = _doc(data_dir)
    change(doc)
    with pytest.raises(IngestError) as caught:
        parse_jsonstat(doc, name="bad.json")
    issue = caught.value.first
    assert issue.file == "bad.json"
    if field is not None:
        assert issue.field == field
    assert issue.row == row


def test_metadata_response_is_not_data(data_dir: Path) -> None:
    doc = _doc(data_dir)
    doc["value"] = []
    with pytest.raises(IngestError, match="metadata"):
        parse_jsonstat(doc, name="meta.json")


def test_dimension_named_value_is_refused(data_dir: Path) -> None:
    doc = _doc(data_dir)
    doc["id"][2] = "value"
    doc["dimension"]["value"] = doc["dimension"].pop("Tid")
    with pytest.raises(IngestError, match="value"):
        parse_jsonstat(doc, name="clash.json")


def test_concat_keeps_order_and_merges_notes(data_dir: Path) -> None:
    first = parse_jsonstat(_doc(data_dir), name="a")
    doc = _doc(data_dir)
    doc["note"] = ["Another note."]
    doc["updated"] = "2025-03-01T07:00:00Z"
    doc["status"] = ".."
    second = parse_jsonstat(doc, name="b")
    table, meta = concat_cubes([first, second])
    assert table.num_rows == 12
    assert meta["notes"][-1] == "Another note."
    assert meta["updated"] == "2025-03-01T07:00:00Z"
    assert table.column("status").null_count == 6
