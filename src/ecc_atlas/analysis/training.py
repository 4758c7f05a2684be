"""Training-effort follow-up: the figures ECC reports to funders, computed from records.

Input is one row per *participation* — an organisation's participants in one training effort,
optionally for one occupation — as an Arrow table or an iterable of mappings with the columns

- ``effort_id`` (int), ``effort`` (title), ``project`` (title or ``""``), ``provider`` (name or
  ``""``), ``starts_on``, ``ends_on`` (dates; ``ends_on`` may be null),
- ``org_number``, ``organisation`` (name), ``ssyk`` (4-digit code or ``""``),
- ``participants_women``, ``participants_men``, ``hours`` (total training hours of those
  participants), ``completed`` (participants who completed).

Nothing here touches Django, files or the network: the service layer reads the records and
passes them in (:mod:`ecc_atlas.services.collaboration`).

Definitions:

- **efforts**: distinct efforts with at least one participation row;
- **companies**: distinct participating organisations (by organisation number);
- **participants**: women + men, summed over rows (a person in two efforts counts twice, as
  funders count participations);
- **completion rate**: completed / participants (``None`` without participants).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

import pyarrow as pa

__all__ = [
    "COLUMNS",
    "EffortCompanyRow",
    "OccupationRow",
    "TrainingFigures",
    "by_occupation",
    "effort_company_rows",
    "in_period",
    "training_figures",
]

COLUMNS: tuple[str, ...] = (
    "effort_id",
    "effort",
    "project",
    "provider",
    "starts_on",
    "ends_on",
    "org_number",
    "organisation",
    "ssyk",
    "participants_women",
    "participants_men",
    "hours",
    "completed",
)

Rows: TypeAlias = pa.Table | Iterable[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class TrainingFigures:
    """The summary figures of a set of training participations."""

    efforts: int
    companies: int
    participants: int
    women: int
    men: int
    hours: int
    completed: int

    @property
    def completion_rate(self) -> float | None:
        """Completed / participants, ``None`` without participants."""
        return self.completed / self.participants if self.participants else None

    @property
    def hours_per_participant(self) -> float | None:
        """Training hours per participant, ``None`` without participants."""
        return self.hours / self.participants if self.participants else None


@dataclass(frozen=True, slots=True)
class OccupationRow:
    """Participants and hours of one occupation (``ssyk`` ``""`` = not given)."""

    ssyk: str
    women: int
    men: int
    hours: int
    completed: int

    @property
    def participants(self) -> int:
        """Women plus men."""
        return self.women + self.men


@dataclass(frozen=True, slots=True)
class EffortCompanyRow:
    """One effort × company line of a funder report (occupations summed)."""

    effort_id: int
    effort: str
    project: str
    provider: str
    starts_on: date | None
    ends_on: date | None
    org_number: str
    organisation: str
    women: int
    men: int
    hours: int
    completed: int
    occupations: tuple[str, ...]

    @property
    def participants(self) -> int:
        """Women plus men."""
        return self.women + self.men


def _rows(rows: Rows) -> list[Mapping[str, Any]]:
    if isinstance(rows, pa.Table):
        missing = [c for c in COLUMNS if c not in rows.column_names]
        if missing:
            raise ValueError(f"training rows lack the column(s) {', '.join(missing)}")
        return rows.select(list(COLUMNS)).to_pylist()
    out: list[Mapping[str, Any]] = list(rows)
    for row in out:
        missing = [c for c in COLUMNS if c not in row]
        if missing:
            raise ValueError(f"training rows lack the column(s) {', '.join(missing)}")
    return out


def _count(row: Mapping[str, Any], column: str) -> int:
    value = row[column]
    if value is None:
        return 0
    number = int(value)
    if number < 0:
        raise ValueError(f"{column} cannot be negative (effort {row['effort_id']!r}: {number})")
    return number


def training_figures(rows: Rows) -> TrainingFigures:
    """The summary figures (efforts, companies, participants by gender, hours, completions)."""
    data = _rows(rows)
    efforts: set[Any] = set()
    companies: set[str] = set()
    women = men = hours = completed = 0
    for row in data:
        w, m = _count(row, "participants_women"), _count(row, "participants_men")
        c = _count(row, "completed")
        if c > w + m:
            raise ValueError(
                f"more completions than participants (effort {row['effort_id']!r}, "
                f"{row['org_number']}): {c} > {w + m}"
            )
        efforts.add(row["effort_id"])
        companies.add(str(row["org_number"]))
        women += w
        men += m
        hours += _count(row, "hours")
        completed += c
    return TrainingFigures(
        efforts=len(efforts),
        companies=len(companies),
        participants=women + men,
        women=women,
        men=men,
        hours=hours,
        completed=completed,
    )


def by_occupation(rows: Rows) -> list[OccupationRow]:
    """Participants, hours and completions per occupation, largest first (ties by code)."""
    totals: dict[str, list[int]] = {}
    for row in _rows(rows):
        key = str(row["ssyk"] or "")
        acc = totals.setdefault(key, [0, 0, 0, 0])
        acc[0] += _count(row, "participants_women")
        acc[1] += _count(row, "participants_men")
        acc[2] += _count(row, "hours")
        acc[3] += _count(row, "completed")
    out = [OccupationRow(k, v[0], v[1], v[2], v[3]) for k, v in totals.items()]
    out.sort(key=lambda r: (-r.participants, r.ssyk == "", r.ssyk))
    return out


def effort_company_rows(rows: Rows) -> list[EffortCompanyRow]:
    """One line per effort × organisation (occupations summed), by start date, effort, name."""
    groups: dict[tuple[Any, str], dict[str, Any]] = {}
    for row in _rows(rows):
        key = (row["effort_id"], str(row["org_number"]))
        acc = groups.get(key)
        if acc is None:
            acc = groups[key] = {
                "row": row,
                "women": 0,
                "men": 0,
                "hours": 0,
                "completed": 0,
                "occupations": set(),
            }
        acc["women"] += _count(row, "participants_women")
        acc["men"] += _count(row, "participants_men")
        acc["hours"] += _count(row, "hours")
        acc["completed"] += _count(row, "completed")
        if row["ssyk"]:
            acc["occupations"].add(str(row["ssyk"]))
    out = [
        EffortCompanyRow(
            effort_id=int(key[0]),
            effort=str(acc["row"]["effort"]),
            project=str(acc["row"]["project"] or ""),
            provider=str(acc["row"]["provider"] or ""),
            starts_on=acc["row"]["starts_on"],
            ends_on=acc["row"]["ends_on"],
            org_number=key[1],
            organisation=str(acc["row"]["organisation"]),
            women=acc["women"],
            men=acc["men"],
            hours=acc["hours"],
            completed=acc["completed"],
            occupations=tuple(sorted(acc["occupations"])),
        )
        for key, acc in groups.items()
    ]
    out.sort(key=lambda r: (r.starts_on or date.min, r.effort_id, r.organisation, r.org_number))
    return out


def in_period(rows: Rows, start: date | None, end: date | None) -> list[Mapping[str, Any]]:
    """The rows of efforts that overlap ``[start, end]`` (open bounds when ``None``).

    An effort without an end date is taken to run on: it overlaps every period that ends on
    or after its start.
    """
    if start is not None and end is not None and end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    out = []
    for row in _rows(rows):
        begins, ends = row["starts_on"], row["ends_on"]
        if end is not None and begins is not None and begins > end:
            continue
        if start is not None and ends is not None and ends < start:
            continue
        out.append(row)
    return out
