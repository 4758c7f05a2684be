"""Tables from :mod:`ecc_atlas.services.specialisation`: shift-share of the segments and of
the counties, and how concentrated the sector is across the country."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard.tables.base import (
    Column,
    Disclosure,
    Filters,
    TableDef,
    Unavailable,
    protected,
    register,
)
from ecc_atlas.web.dashboard.tables.sector import SEGMENT_TREND

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["COUNTY_SHIFT", "SEGMENT_SHIFT"]

SHIFT_METHOD = _(
    "Shift-share: the change in employees between the first and the last year is split into "
    "the national growth effect (as if the region had grown like all employment in Sweden), "
    "the industry mix (the sector growing faster or slower than all employment) and the "
    "regional competitive effect (the rest: what the region did better or worse). The "
    "national benchmark is the energy sector of all counties (county_sector); the national "
    "growth of each segment is not in the data, so every segment has the same benchmark."
)
_VALUES = ("start_value", "end_value", "change")
_DERIVED = ("growth", "national_effect", "industry_mix", "expected_change",
            "competitive_effect")  # fmt: skip
_SCHEMA = [
    ("start_year", pa.int64()), ("end_year", pa.int64()), ("start_value", pa.float64()),
    ("end_value", pa.float64()), ("change", pa.float64()), ("growth", pa.float64()),
    ("national_effect", pa.float64()), ("industry_mix", pa.float64()),
    ("expected_change", pa.float64()), ("competitive_effect", pa.float64()),
]  # fmt: skip


def _shift(ctx: AnalysisContext, region: str, by: str) -> list[dict[str, Any]]:
    from ecc_atlas.services import specialisation

    try:
        return list(specialisation.shift_share(ctx, region=region, by=by).to_pylist())
    except (ValueError, LookupError) as error:
        raise Unavailable(f"No shift-share: {error}") from error


def _segment_shift(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    """Shift-share per segment; a segment whose first or last year is withheld in
    ``segment-trend`` is withheld here too (its values would reveal those cells)."""
    trend = protected(SEGMENT_TREND, Filters())
    withheld = {
        (row["year"], row["segment"]): row["suppression_reason"]
        for row in trend.to_pylist()
        if row["suppressed"]
    }
    rows = []
    for row in _shift(ctx, region, "segment"):
        reason = withheld.get((row["start_year"], row["item"])) or withheld.get(
            (row["end_year"], row["item"])
        )
        item = {name: row[name] for name, _type in _SCHEMA}
        if reason is not None:
            item.update(dict.fromkeys([*_VALUES, *_DERIVED], None))
        rows.append(
            {"segment": row["item"], **item, "suppressed": reason is not None,
             "suppression_reason": reason}
        )  # fmt: skip
    schema = pa.schema(
        [("segment", pa.string()), *_SCHEMA, ("suppressed", pa.bool_()),
         ("suppression_reason", pa.string())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


_SHIFT_COLUMNS = (
    Column("start_year", _("First year"), "year"),
    Column("end_year", _("Last year"), "year"),
    Column("start_value", _("Employees, first year"), "dec0"),
    Column("end_value", _("Employees, last year"), "dec0"),
    Column("change", _("Change"), "dec0"),
    Column("growth", _("Growth"), "share"),
    Column("national_effect", _("National growth effect"), "dec0"),
    Column("industry_mix", _("Industry mix"), "dec0"),
    Column("competitive_effect", _("Regional competitive effect"), "dec0"),
)

SEGMENT_SHIFT = register(
    TableDef(
        name="shift-share",
        build=_segment_shift,
        title=_("Shift-share of the segments"),
        description=_(
            "For each segment, the change in employees from the first to the last year split "
            "into national growth, industry mix and the regional competitive effect."
        ),
        method=SHIFT_METHOD,
        datasets=("workforce", "county_sector"),
        columns=(
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            *_SHIFT_COLUMNS,
        ),
        disclosure=Disclosure(
            dimensions=("segment",),
            values=_VALUES,
            derived=_DERIVED,
            persons="end_value",
            top2_share=None,
            internal=(),
        ),
    )
)


def _county_shift(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    rows = [
        {"lan_code": row["region"], **{name: row[name] for name, _type in _SCHEMA}}
        for row in _shift(ctx, region, "county")
    ]
    return pa.Table.from_pylist(rows, schema=pa.schema([("lan_code", pa.string()), *_SCHEMA]))


COUNTY_SHIFT = register(
    TableDef(
        name="county-shift-share",
        build=_county_shift,
        title=_("Growth of the energy sector in every county (shift-share)"),
        description=_(
            "For each county, the change in energy-sector employees from the first to the "
            "last year split into national growth, industry mix and the regional "
            "competitive effect."
        ),
        method=SHIFT_METHOD,
        datasets=("county_sector",),
        registry=False,
        columns=(
            Column("lan_code", _("County code"), "code"),
            Column("lan", _("County"), label_of=("lan_code", "region")),
            *_SHIFT_COLUMNS,
        ),
        disclosure=Disclosure(
            dimensions=("lan_code",),
            values=_VALUES,
            derived=_DERIVED,
            persons="end_value",
            top2_share=None,
            internal=(),
        ),
    )
)
