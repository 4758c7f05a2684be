"""Errors, hostile files: encodings, size limits, duplicate keys, truncated JSON, JSON Lines."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from ecc_atlas.ingest.errors import ErrorCollector, IngestError, Issue
from ecc_atlas.ingest.readers import (
    Limits,
    decode_bytes,
    detect_encoding,
    iter_json_records,
    load_json_bytes,
    read_json_file,
)


def test_issue_and_error_are_one_line_naming_file_row_field() -> None:
    issue = Issue("ads.jsonl", 3, "kommun_code", "a kommun code", "'9999'")
    assert str(issue) == "ads.jsonl, row 3, field 'kommun_code': a kommun code, found '9999'"
    error = IngestError([issue, Issue("ads.jsonl", 4, None, "an object")])
    assert str(error) == f"{issue} (and 1 more problem)"
    assert "\n" not in str(error)
    assert error.report().count("\n") == 1


def test_collector_stops_at_the_limit() -> None:
    errors = ErrorCollector("f.json", limit=3)
    errors.add(1, "a", "x")
    errors.add(2, "a", "x")
    with pytest.raises(IngestError) as caught:
        errors.add(3, "a", "x")
    assert [i.row for i in caught.value.issues] == [1, 2, 3]


def test_collector_raises_only_when_something_was_found() -> None:
    errors = ErrorCollector("f.json")
    errors.raise_if_any()
    errors.add(None, None, "a list")
    with pytest.raises(IngestError, match=r"f\.json: a list"):
        errors.raise_if_any()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Västerås".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Västerås".encode(), "utf-8-sig"),
        ("Västerås, Köping, Åre".encode("cp1252"), "cp1252"),
        (b"plain ascii", "utf-8"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding
    text, found = decode_bytes(data, "f")
    assert found == encoding
    assert "\ufeff" not in text.lstrip("\ufeff") or encoding == "utf-8-sig"


def test_a_cut_multibyte_character_at_the_end_of_a_sample_is_still_utf8() -> None:
    data = "åäö".encode()
    assert detect_encoding(data[:-1], complete=False) == "utf-8"


def test_undecodable_bytes_name_the_line() -> None:
    data = b'{"a": 1}\n{"b": "\x81\x8d"}\n'
    with pytest.raises(IngestError) as caught:
        decode_bytes(data, "bad.json")
    assert caught.value.first.row == 2


def test_cp1252_json_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(json.dumps([{"kommun": "Västerås"}], ensure_ascii=False).encode("cp1252"))
    document, encoding = read_json_file(path)
    assert encoding == "cp1252"
    assert document == [{"kommun": "Västerås"}]


def test_bom_json_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + b'{"lan": "19"}')
    assert read_json_file(path)[0] == {"lan": "19"}


def test_truncated_json_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"lan": "19"}, {"lan": "2', encoding="utf-8")
    with pytest.raises(IngestError, match="truncated"):
        read_json_file(path)


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(IngestError) as caught:
        load_json_bytes(b'[\n{"a": 1},\n{"a": oops}\n]', "x.json")
    assert caught.value.first.row == 3
    assert "column" in str(caught.value)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(IngestError) as caught:
        load_json_bytes(b'{"lan": "19", "lan": "20"}', "dup.json")
    assert caught.value.first.field == "lan"


def test_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(["x" * 100]), encoding="utf-8")
    with pytest.raises(IngestError, match="ECC_ATLAS_MAX_JSON_BYTES"):
        read_json_file(path, limits=Limits(max_json_bytes=50))
    lines = tmp_path / "big.jsonl"
    lines.write_text('{"a": 1}\n' * 20, encoding="utf-8")
    with pytest.raises(IngestError, match="ECC_ATLAS_MAX_JSONL_BYTES"):
        list(iter_json_records(lines, limits=Limits(max_jsonl_bytes=100)))


def test_limits_from_environment() -> None:
    limits = Limits.from_env({"ECC_ATLAS_MAX_JSON_BYTES": "10", "ECC_ATLAS_MAX_JSONL_BYTES": ""})
    assert limits.max_json_bytes == 10
    assert limits.max_jsonl_bytes == Limits().max_jsonl_bytes
    with pytest.raises(ValueError, match="positive"):
        Limits.from_env({"ECC_ATLAS_MAX_JSON_BYTES": "-1"})


def test_json_lines_give_line_numbers_and_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text('{"id": 1}\n\n{"id": 2}\n', encoding="utf-8")
    assert list(iter_json_records(path)) == [(1, {"id": 1}), (3, {"id": 2})]


def test_json_lines_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text('{"id": 1}\n{"id": 2\n', encoding="utf-8")
    records = iter_json_records(path)
    assert next(records) == (1, {"id": 1})
    with pytest.raises(IngestError) as caught:
        next(records)
    assert caught.value.first.row == 2


def test_json_lines_in_cp1252_and_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_bytes('{"ort": "Köping"}\n{"ort": "Arboga"}\n'.encode("cp1252"))
    assert [r for _, r in iter_json_records(path)] == [{"ort": "Köping"}, {"ort": "Arboga"}]
    path.write_bytes(codecs.BOM_UTF8 + b'{"ort": "Sala"}\n')
    assert [r for _, r in iter_json_records(path)] == [{"ort": "Sala"}]


def test_json_documents_list_response_and_single_object(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"id": 1}, {"id": 2}]', encoding="utf-8")
    assert list(iter_json_records(path)) == [(1, {"id": 1}), (2, {"id": 2})]
    path.write_text('{"total": {"value": 1}, "hits": [{"id": 7}]}', encoding="utf-8")
    assert list(iter_json_records(path)) == [(1, {"id": 7})]
    path.write_text('{\n  "id": 9,\n  "headline": "x"\n}\n', encoding="utf-8")
    assert list(iter_json_records(path)) == [(1, {"id": 9, "headline": "x"})]
    path.write_text("3", encoding="utf-8")
    with pytest.raises(IngestError, match="list or object"):
        list(iter_json_records(path))
