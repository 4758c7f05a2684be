"""Expand ``data/population_anchors.csv`` into ``data/population.csv``.

A maintenance script, run by hand after the anchor table is edited; never imported at run time
(the loader reads the expanded file). Run it from the repository root::

    .venv/bin/python -m ecc_atlas.reference._build_population

The anchor table holds one row per municipality (kommun) with an *approximate* population at
31 December 2015 and 31 December 2024, written from knowledge of the published SCB figures
(table BE0101N1, within a few per cent; not an official extract). This script

1. interpolates every municipality linearly between the two anchors for 2016-2023 (rounded to
   whole persons),
2. makes every county (län) figure the exact sum of its municipalities, so that the bundled
   totals are consistent,
3. writes ``region_code,year,population,approximate,source`` rows for all 21 counties and 290
   municipalities and each year 2015-2024 (311 x 10 rows).

Real figures replace these with ``ecc-atlas import scb``; from reference year 2025 SCB's own
figures carry Cell-Key-Method noise and need not sum — the bundled table is deliberately exact.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

__all__ = ["FIRST_YEAR", "LAST_YEAR", "SOURCE", "build_rows", "interpolate", "main", "render_csv"]

#: First and last year covered by the bundled table.
FIRST_YEAR = 2015
LAST_YEAR = 2024

#: Text of the ``source`` column.
SOURCE = (
    "Approximate SCB population figures (BE0101), bundled reference; "
    "replace with `ecc-atlas import scb`"
)

_DATA = Path(__file__).with_name("data")


def interpolate(first: int, last: int, year: int) -> int:
    """Linear interpolation between the FIRST_YEAR and LAST_YEAR anchors, rounded half up.

    >>> interpolate(100, 190, 2015), interpolate(100, 190, 2020), interpolate(100, 190, 2024)
    (100, 150, 190)
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} outside {FIRST_YEAR}-{LAST_YEAR}")
    span = LAST_YEAR - FIRST_YEAR
    # Integer arithmetic: first + (last - first) * t / span, rounded half up.
    num = first * span + (last - first) * (year - FIRST_YEAR)
    return (2 * num + span) // (2 * span)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_rows(
    anchors: list[dict[str, str]], regions: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Return the rows of ``population.csv`` from the anchor rows and the region rows."""
    kommuner = {r["code"]: r for r in regions if r["level"] == "kommun"}
    lan = [r["code"] for r in regions if r["level"] == "lan"]
    by_code = {a["region_code"]: a for a in anchors}
    missing = sorted(set(kommuner) - set(by_code))
    extra = sorted(set(by_code) - set(kommuner))
    if missing or extra:
        raise ValueError(f"anchor table does not match regions: missing={missing} extra={extra}")
    for code, a in by_code.items():
        if a["name"] != kommuner[code]["name"]:
            raise ValueError(
                f"name mismatch for {code}: {a['name']!r} vs {kommuner[code]['name']!r}"
            )

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    values: dict[tuple[str, int], int] = {}
    for code in sorted(kommuner):
        first = int(by_code[code]["population_2015"])
        last = int(by_code[code]["population_2024"])
        for year in years:
            values[(code, year)] = interpolate(first, last, year)
    for lan_code in lan:
        members = [c for c in kommuner if kommuner[c]["lan_code"] == lan_code]
        if not members:
            raise ValueError(f"county {lan_code} has no municipalities")
        for year in years:
            values[(lan_code, year)] = sum(values[(c, year)] for c in members)

    order = lan + sorted(kommuner)
    return [
        {
            "region_code": code,
            "year": str(year),
            "population": str(values[(code, year)]),
            "approximate": "true",
            "source": SOURCE,
        }
        for code in order
        for year in years
    ]


def render_csv(rows: list[dict[str, str]]) -> str:
    """Render rows as CSV text (UTF-8, header, ``\\n`` line ends)."""
    buf = io.StringIO()
    fields = ["region_code", "year", "population", "approximate", "source"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main() -> None:
    """Write ``data/population.csv`` from the anchors and ``data/regions.csv``."""
    anchors = _read_csv(_DATA / "population_anchors.csv")
    regions = _read_csv(_DATA / "regions.csv")
    (_DATA / "population.csv").write_text(render_csv(build_rows(anchors, regions)), "utf-8")


if __name__ == "__main__":
    main()
