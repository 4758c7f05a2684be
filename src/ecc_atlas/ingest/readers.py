"""Reading hostile input safely: size limits, encodings, duplicate keys, truncated JSON.

* Size: a JSON document is read whole and may be at most ``max_json_bytes`` (default 200 MB);
  a JSON Lines file is streamed and may be at most ``max_jsonl_bytes`` (default 2 GB). The
  limits come from ``ECC_ATLAS_MAX_JSON_BYTES`` / ``ECC_ATLAS_MAX_JSONL_BYTES``. CSV and XLSX
  tables (:mod:`ecc_atlas.ingest.tabular`) may be at most ``max_table_bytes`` on disk (also
  ``ECC_ATLAS_MAX_JSON_BYTES``), an XLSX at most ``max_xlsx_uncompressed_bytes`` unpacked,
  and a table at most ``max_table_rows`` rows of at most ``max_table_columns`` columns.
* Encoding: UTF-8, UTF-8 with a byte-order mark, or Windows-1252 (what Excel on Swedish
  Windows writes; detected when the bytes are not valid UTF-8, so å, ä and ö come out right).
* JSON: a key that occurs twice in one object is an error (the last one would silently win),
  and a document that stops early says so ("is the file truncated?").
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecc_atlas.ingest.errors import IngestError

__all__ = [
    "Limits",
    "decode_bytes",
    "detect_encoding",
    "iter_json_records",
    "load_json_bytes",
    "load_json_text",
    "read_json_file",
    "sha256_bytes",
    "sha256_file",
]

_MB = 1024 * 1024
_SNIFF_BYTES = 64 * 1024


def _size_text(size: int) -> str:
    if size >= 1024 * _MB:
        return f"{size / (1024 * _MB):.1f} GB"
    return f"{size / _MB:.1f} MB"


@dataclass(frozen=True)
class Limits:
    """Size limits of input files, in bytes."""

    max_json_bytes: int = 200 * _MB
    max_jsonl_bytes: int = 2 * 1024 * _MB
    max_table_bytes: int = 200 * _MB
    max_xlsx_uncompressed_bytes: int = 500 * _MB
    max_table_rows: int = 2_000_000
    max_table_columns: int = 200

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """Limits from ``ECC_ATLAS_MAX_JSON_BYTES`` and ``ECC_ATLAS_MAX_JSONL_BYTES``."""
        environ = os.environ if env is None else env
        values: dict[str, int] = {}
        for field, var in (
            ("max_json_bytes", "ECC_ATLAS_MAX_JSON_BYTES"),
            ("max_jsonl_bytes", "ECC_ATLAS_MAX_JSONL_BYTES"),
        ):
            raw = environ.get(var, "").strip()
            if raw:
                if not raw.isdigit() or int(raw) < 1:
                    raise ValueError(f"{var} must be a positive number of bytes, not {raw!r}")
                values[field] = int(raw)
        if "max_json_bytes" in values:  # documented as the limit of JSON and CSV files
            values["max_table_bytes"] = values["max_json_bytes"]
        return cls(**values)

    def check(self, name: str, size: int, *, streamed: bool) -> None:
        """Raise :class:`IngestError` if ``size`` exceeds the limit for the file kind."""
        limit, var = (
            (self.max_jsonl_bytes, "ECC_ATLAS_MAX_JSONL_BYTES")
            if streamed
            else (self.max_json_bytes, "ECC_ATLAS_MAX_JSON_BYTES")
        )
        if size > limit:
            raise IngestError.single(
                name,
                f"a file of at most {_size_text(limit)} (set {var} to allow more)",
                found=_size_text(size),
            )


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_MB), b""):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """Return ``"utf-8-sig"``, ``"utf-8"`` or ``"cp1252"`` for the start of a file.

    ``complete`` is False when ``sample`` is only the first part of a file (a multi-byte
    character cut at the end is then not an error).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a whole file; return ``(text, encoding)``."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError.single(
            name,
            "text in UTF-8 or Windows-1252 (re-save the file as UTF-8)",
            row=line,
            found=data[exc.start : exc.start + 4],
        ) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


#: One decoder for every document (``json.loads`` with a hook builds a new one per call).
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs)


def _json_error(name: str, text: str, exc: json.JSONDecodeError, *, row: int | None) -> IngestError:
    at_end = not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string")
    line = row if row is not None else exc.lineno
    if at_end:
        expected = "complete JSON, but the text ends early (is the file truncated?)"
    elif row is not None:  # one line of a JSON Lines file
        expected = f"valid JSON ({exc.msg} at column {exc.colno})"
    else:
        expected = f"valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    return IngestError.single(name, expected, row=line)


def load_json_text(text: str, name: str, *, row: int | None = None) -> Any:
    """Parse JSON text; duplicate keys and syntax errors raise :class:`IngestError`."""
    try:
        return _DECODER.decode(text)
    except _DuplicateKey as exc:
        raise IngestError.single(
            name, "each key at most once per object", row=row, field=exc.key, found="it twice"
        ) from None
    except json.JSONDecodeError as exc:
        raise _json_error(name, text, exc, row=row) from None
    except RecursionError:
        raise IngestError.single(name, "JSON nested less deeply", row=row) from None


def load_json_bytes(data: bytes, name: str) -> Any:
    """Decode and parse a whole JSON document (any of the supported encodings)."""
    text, _ = decode_bytes(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    return load_json_text(text, name)


def read_json_file(path: str | Path, *, limits: Limits | None = None) -> tuple[Any, str]:
    """Read a JSON file within the size limit; return ``(document, encoding)``."""
    path = Path(path)
    limits = limits or Limits.from_env()
    limits.check(path.name, path.stat().st_size, streamed=False)
    data = path.read_bytes()
    _, encoding = decode_bytes(data, path.name)
    return load_json_bytes(data, path.name), encoding


def _first_line(path: Path) -> bytes:
    with open(path, "rb") as handle:
        while True:
            line = handle.readline(_SNIFF_BYTES)
            if not line or line.strip():
                return line


def _is_json_lines(path: Path, list_keys: tuple[str, ...]) -> bool:
    first = _first_line(path).strip().removeprefix(codecs.BOM_UTF8)
    if not first.startswith(b"{"):
        return False
    try:
        record = json.loads(first.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return False  # a pretty-printed document: one object over many lines
    # A one-line response that wraps its records ({"hits": [...]}) is a document.
    return not any(isinstance(record.get(key), list) for key in list_keys)


def iter_json_records(
    path: str | Path,
    *,
    limits: Limits | None = None,
    list_keys: tuple[str, ...] = ("hits",),
    progress: Any = None,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(row, record)`` from a JSON Lines file (streamed) or a JSON document.

    JSON Lines are read one line at a time (``row`` is the line number; blank lines are
    skipped). A JSON document is read whole within the JSON size limit: a list yields its
    items (``row`` is the 1-based position), an object with one of ``list_keys`` (such as a
    JobSearch response with ``hits``) yields those, any other object is one record.
    ``progress``, if given, is called with the number of bytes read so far.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    size = path.stat().st_size
    if not _is_json_lines(path, list_keys):
        document, _ = read_json_file(path, limits=limits)
        if isinstance(document, dict):
            key = next((k for k in list_keys if isinstance(document.get(k), list)), None)
            records = document[key] if key else [document]
        elif isinstance(document, list):
            records = document
        else:
            raise IngestError.single(
                path.name, "a JSON list or object of records", found=type(document).__name__
            )
        yield from enumerate(records, start=1)
        if progress is not None:
            progress(size)
        return
    limits.check(path.name, size, streamed=True)
    with open(path, "rb") as handle:
        encoding = detect_encoding(handle.read(_SNIFF_BYTES), complete=False)
        handle.seek(0)
        done = 0
        for number, raw in enumerate(handle, start=1):
            done += len(raw)
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
            except UnicodeDecodeError:
                raise IngestError.single(
                    path.name,
                    f"text in the file's encoding ({encoding}); re-save the file as UTF-8",
                    row=number,
                ) from None
            yield number, load_json_text(text, path.name, row=number)
            if progress is not None and number % 1000 == 0:
                progress(done)
        if progress is not None:
            progress(done)
