"""Read and check a registry file: organisations, workplaces and delimitation decisions.

The file is a CSV file or an XLSX workbook. Every table (the CSV file, or each sheet of the
workbook except ``instructions`` and ``lists``) has an ``org_number`` column and any of
(columns and accepted values in :mod:`ecc_atlas.ingest.registry_spec`):

* organisation columns ``name, kind, sni_code, segments, rd_intensity, export_class,
  website, description``;
* workplace columns ``kommun_code`` (a row with a kommun code is a workplace),
  ``workplace_name`` (default: the organisation's name), ``workplace_id`` (CFAR), ``address``;
* decision columns ``year`` (a row with a year is a delimitation decision), ``included``,
  ``reason`` (required), ``segment`` (required when included).

So one flat CSV can hold organisations with a workplace and a decision per row (repeat the
organisation number on further rows), and the template holds three sheets
(``organisations``, ``workplaces``, ``decisions``). Values of an organisation given on
several rows must agree; a blank cell in a column the file has means "no value" (it clears
the value), a column the file does not have leaves the value unchanged.

This module only reads and checks (no database); :mod:`ecc_atlas.services.registry_import`
writes the registry.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError, Issue
from ecc_atlas.ingest.fields import HeaderMap, RowConverter
from ecc_atlas.ingest.readers import Limits, sha256_file
from ecc_atlas.ingest.registry_spec import (
    DECISION_FIELDS,
    ORGANISATION_FIELDS,
    WORKPLACE_FIELDS,
    table_spec,
    write_registry_template,
)
from ecc_atlas.ingest.tabular import RawTable, open_tables
from ecc_atlas.ingest.templates import AUXILIARY_SHEETS

__all__ = [
    "DecisionRecord",
    "OrganisationRecord",
    "RegistryFile",
    "Where",
    "WorkplaceRecord",
    "read_registry",
    "write_registry_template",
]


@dataclass(frozen=True)
class Where:
    """A row of the file: table name (file, or file and sheet) and 1-based row number."""

    table: str
    row: int

    def issue(self, field: str | None, expected: str, found: str = "") -> Issue:
        """A problem at this row."""
        return Issue(self.table, self.row, field, expected, found)


@dataclass
class OrganisationRecord:
    """An organisation as the file describes it.

    ``values`` holds the organisation columns the file has (``name``, ``kind``, …,
    ``segments`` as a tuple of codes); None means the cell was blank (clear the value).
    ``sources`` says which row gave each non-blank value.
    """

    org_number: str
    where: Where
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Where] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkplaceRecord:
    """A workplace row; ``name`` None means the organisation's name."""

    org_number: str
    where: Where
    name: str | None
    kommun_code: str
    workplace_id: str
    address: str


@dataclass(frozen=True)
class DecisionRecord:
    """A delimitation decision row."""

    org_number: str
    where: Where
    year: int
    included: bool
    reason: str
    segment: str | None


@dataclass
class RegistryFile:
    """A checked registry file."""

    name: str
    input: str
    sha256: str
    organisations: dict[str, OrganisationRecord]
    workplaces: list[WorkplaceRecord]
    decisions: list[DecisionRecord]
    rows: int
    tables: list[str]
    notes: list[str]


def _conflict(record: OrganisationRecord, name: str, value: Any, where: Where) -> Issue | None:
    if value is None:
        record.values.setdefault(name, None)
        return None
    previous = record.values.get(name)
    if previous is not None and previous != value:
        source = record.sources[name]
        return where.issue(
            name,
            f"the same value as {source.table} row {source.row} ({previous!r}) for "
            f"organisation {record.org_number}",
            repr(value),
        )
    record.values[name] = value
    record.sources.setdefault(name, where)
    return None


class _Collector:
    """Turns converted rows into organisation, workplace and decision records."""

    def __init__(self, errors: ErrorCollector) -> None:
        self.errors = errors
        self.organisations: dict[str, OrganisationRecord] = {}
        self.workplaces: list[WorkplaceRecord] = []
        self.decisions: list[DecisionRecord] = []
        self.workplace_keys: dict[tuple[str, str, str], Where] = {}
        self.decision_keys: dict[tuple[str, int], Where] = {}

    def add(self, header: HeaderMap, where: Where, row: Mapping[str, Any]) -> None:
        org = row["org_number"]
        record = self.organisations.setdefault(org, OrganisationRecord(org, where))
        problems = [
            _conflict(record, name, row[name], where)
            for name in ORGANISATION_FIELDS
            if header.has(name)
        ]
        problems += self._workplace(org, where, row)
        problems += self._decision(org, where, row)
        for issue in problems:
            if issue is not None:
                self.errors.add_issue(issue)

    def _workplace(self, org: str, where: Where, row: Mapping[str, Any]) -> list[Issue | None]:
        given = [f for f in WORKPLACE_FIELDS if row.get(f) is not None]
        if not given:
            return []
        if row.get("kommun_code") is None:
            return [where.issue("kommun_code", "a kommun code (the row describes a workplace)")]
        key = (org, row["kommun_code"], (row.get("workplace_name") or "").casefold())
        if key in self.workplace_keys:
            first = self.workplace_keys[key]
            return [
                where.issue(
                    "workplace_name",
                    f"one row per organisation, kommun and workplace name "
                    f"({first.table} row {first.row} has the same)",
                )
            ]
        self.workplace_keys[key] = where
        self.workplaces.append(
            WorkplaceRecord(
                org,
                where,
                row.get("workplace_name"),
                row["kommun_code"],
                row.get("workplace_id") or "",
                row.get("address") or "",
            )
        )
        return []

    def _decision(self, org: str, where: Where, row: Mapping[str, Any]) -> list[Issue | None]:
        given = [f for f in DECISION_FIELDS if row.get(f) is not None]
        if not given:
            return []
        year = row.get("year")
        if year is None:
            hint = (
                " (an organisation's own segments go in 'segments')" if "segment" in given else ""
            )
            return [where.issue("year", f"a year (the row describes a decision){hint}")]
        problems: list[Issue | None] = []
        if row.get("included") is None:
            problems.append(where.issue("included", "ja or nej (the row describes a decision)"))
        if not row.get("reason"):
            problems.append(where.issue("reason", "the reason for the decision"))
        if row.get("included") and row.get("segment") is None:
            problems.append(where.issue("segment", "a segment (an included organisation)"))
        key = (org, year)
        if key in self.decision_keys:
            first = self.decision_keys[key]
            problems.append(
                where.issue(
                    "year",
                    f"one decision per organisation and year ({first.table} row "
                    f"{first.row} has {org} {year})",
                )
            )
        if problems:
            return problems
        self.decision_keys[key] = where
        segment = row.get("segment") if row["included"] else None
        self.decisions.append(
            DecisionRecord(org, where, year, bool(row["included"]), row["reason"], segment)
        )
        return []


def _data_tables(tables: list[RawTable], name: str) -> list[RawTable]:
    data = [t for t in tables if (t.sheet or "").casefold() not in AUXILIARY_SHEETS]
    if not data:
        raise IngestError.single(name, "a sheet with a header row and data (all are empty)")
    return data


def read_registry(
    path: str | Path,
    *,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RegistryFile:
    """Read and check a registry CSV/XLSX file (raises :class:`IngestError`)."""
    path = Path(path)
    spec = table_spec()
    errors = ErrorCollector(path.name, limit=max_errors)
    collector = _Collector(errors)
    notes: list[str] = []
    rows = 0
    names: list[str] = []
    with (
        warnings.catch_warnings(),
        open_tables(path, limits=limits, progress=progress) as tables,
    ):
        warnings.simplefilter("ignore")  # openpyxl's warnings on styles while reading
        for table in _data_tables(tables, path.name):
            header = spec.match(table, required=["org_number"])
            converter = RowConverter(spec, header)
            names.append(table.name)
            for number, cells in table.rows:
                rows += 1
                row, problems = converter.convert(number, cells)
                for issue in problems:
                    errors.add_issue(issue)
                if not problems:
                    collector.add(header, Where(table.name, number), row)
            if header.ignored:
                notes.append(f"{table.name}: columns ignored: {', '.join(header.ignored)}.")
            formula = converter.formula_note()
            if formula:
                notes.append(formula)
    errors.raise_if_any()
    if not rows:
        raise IngestError.single(path.name, "at least one data row below the header")
    return RegistryFile(
        name=path.name,
        input=str(path.resolve()),
        sha256=sha256_file(path),
        organisations=collector.organisations,
        workplaces=collector.workplaces,
        decisions=collector.decisions,
        rows=rows,
        tables=names,
        notes=notes,
    )
