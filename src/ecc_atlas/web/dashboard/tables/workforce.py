"""Tables of the workforce page: age and gender, gender by segment, education and PhDs,
occupations. All take the segment, kommun and year filters (the by-segment tables ignore the
segment filter, they show every segment)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
from django.utils.translation import gettext_lazy as _

from ecc_atlas.web.dashboard.tables import vocabularies
from ecc_atlas.web.dashboard.tables.base import Column, Disclosure, Filters, TableDef, register
from ecc_atlas.web.dashboard.tables.cells import cells, complete, delimited, scoped, share
from ecc_atlas.web.dashboard.tables.overview import SECTOR_METHOD

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = ["AGE_GENDER", "EDUCATION", "GENDER_SEGMENT", "OCCUPATIONS", "PHD_SEGMENT"]

#: Women's share within which a segment counts as gender-balanced.
BALANCED = (0.4, 0.6)
WORKFORCE = ("year", "segment", "kommun")
BY_SEGMENT = ("year", "kommun")


def _with(table: pa.Table, name: str, values: Sequence[object], kind: pa.DataType) -> pa.Table:
    return table.append_column(name, pa.array(values, type=kind))


def _shares(table: pa.Table, column: str = "employees") -> list[float | None]:
    values = table.column(column).to_pylist()
    total = sum(v or 0 for v in values)
    return [share(v, total) for v in values]


def _ratio(table: pa.Table, numerator: str, denominator: str = "employees") -> list[float | None]:
    return [
        share(n, d)
        for n, d in zip(
            table.column(numerator).to_pylist(), table.column(denominator).to_pylist(), strict=True
        )
    ]


def _age_gender(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(scoped(delimited(ctx), filters, region), ["age_band", "gender"])
    table = complete(table, {"age_band": vocabularies.AGE_BANDS, "gender": ("F", "M")})
    return _with(table, "share", _shares(table), pa.float64())


AGE_GENDER = register(
    TableDef(
        name="age-gender",
        build=_age_gender,
        title=_("Employees by age and gender"),
        description=_("Employees of the delimited sector in five-year age bands, women and men."),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=WORKFORCE,
        columns=(
            Column("age_band", _("Age"), "code"),
            Column("gender", _("Gender code"), "code"),
            Column("gender_name", _("Gender"), label_of=("gender", "gender")),
            Column("employees", _("Employees"), "int"),
            Column("organisations", _("Organisations"), "int"),
            Column("share", _("Share of employees"), "share"),
        ),
        disclosure=Disclosure(
            dimensions=("age_band", "gender"),
            values=("employees",),
            derived=("share",),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _gender_segment(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(scoped(delimited(ctx), filters, region), ["segment"], sums=("women", "men"))
    table = complete(table, {"segment": vocabularies.segment_codes()})
    women_share = _ratio(table, "women")
    balanced = [None if s is None else BALANCED[0] <= s <= BALANCED[1] for s in women_share]
    table = _with(table, "women_share", women_share, pa.float64())
    return _with(table, "gender_balanced", balanced, pa.bool_())


GENDER_SEGMENT = register(
    TableDef(
        name="gender-by-segment",
        build=_gender_segment,
        title=_("Women and men by segment"),
        description=_(
            "Employees, women and men in each segment, the women's share and whether the "
            "segment is gender-balanced (women's share between 40 and 60 per cent)."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=BY_SEGMENT,
        columns=(
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            Column("employees", _("Employees"), "int"),
            Column("women", _("Women"), "int"),
            Column("men", _("Men"), "int"),
            Column("organisations", _("Organisations"), "int"),
            Column("women_share", _("Women's share"), "share"),
            Column("gender_balanced", _("Gender-balanced (40–60 %)"), "bool"),
        ),
        disclosure=Disclosure(
            dimensions=("segment",),
            values=("employees", "women", "men"),
            derived=("women_share", "gender_balanced"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _education(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(scoped(delimited(ctx), filters, region), ["sun_level"], sums=("women",))
    table = complete(table, {"sun_level": vocabularies.sun_codes()})
    table = _with(table, "share", _shares(table), pa.float64())
    return _with(table, "women_share", _ratio(table, "women"), pa.float64())


EDUCATION = register(
    TableDef(
        name="education",
        build=_education,
        title=_("Employees by level of education"),
        description=_(
            "Employees by level of education (SUN 2020, level 7 = doctoral education), their "
            "share of all employees and the women's share at each level."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=WORKFORCE,
        columns=(
            Column("sun_level", _("SUN level"), "code"),
            Column("sun_name", _("Level of education"), label_of=("sun_level", "sun")),
            Column("employees", _("Employees"), "int"),
            Column("organisations", _("Organisations"), "int"),
            Column("share", _("Share of employees"), "share"),
            Column("women_share", _("Women's share"), "share"),
        ),
        disclosure=Disclosure(
            dimensions=("sun_level",),
            values=("employees",),
            derived=("share", "women_share"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _phd_segment(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(
        scoped(delimited(ctx), filters, region),
        ["segment"],
        sums=("phd_employees", "post_secondary_3plus"),
    )
    table = complete(table, {"segment": vocabularies.segment_codes()})
    table = _with(table, "phd_share", _ratio(table, "phd_employees"), pa.float64())
    return _with(
        table, "post_secondary_3plus_share", _ratio(table, "post_secondary_3plus"), pa.float64()
    )


PHD_SEGMENT = register(
    TableDef(
        name="phd-by-segment",
        build=_phd_segment,
        title=_("PhD-educated employees by segment"),
        description=_(
            "PhD-educated employees (SUN level 7) in each segment, their share of the "
            "segment's employees, and the share with three or more years of post-secondary "
            "education."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=BY_SEGMENT,
        columns=(
            Column("segment", _("Segment code"), "code"),
            Column("segment_name", _("Segment"), label_of=("segment", "segment")),
            Column("employees", _("Employees"), "int"),
            Column("phd_employees", _("PhD-educated"), "dec0"),
            Column("organisations", _("Organisations"), "int"),
            Column("phd_share", _("PhD share"), "share"),
            Column(
                "post_secondary_3plus_share",
                _("Post-secondary education ≥ 3 years"),
                "share",
            ),
        ),
        disclosure=Disclosure(
            dimensions=("segment",),
            values=("employees",),
            derived=("phd_employees", "phd_share", "post_secondary_3plus_share"),
            persons="employees",
            organisations="organisations",
        ),
    )
)


def _occupations(ctx: AnalysisContext, filters: Filters, region: str) -> pa.Table:
    table = cells(scoped(delimited(ctx), filters, region), ["ssyk"], sums=("women", "age_years"))
    table = table.sort_by([("employees", "descending"), ("ssyk", "ascending")])
    table = _with(table, "share", _shares(table), pa.float64())
    table = _with(table, "women_share", _ratio(table, "women"), pa.float64())
    return _with(table, "mean_age", _ratio(table, "age_years"), pa.float64())


OCCUPATIONS = register(
    TableDef(
        name="occupations",
        build=_occupations,
        title=_("Employees by occupation (SSYK 2012)"),
        description=_(
            "Employees in each occupation (SSYK 2012 unit group), largest first, with their "
            "share of the sector, the women's share and the mean age."
        ),
        method=SECTOR_METHOD,
        datasets=("workforce",),
        filters=WORKFORCE,
        columns=(
            Column("ssyk", _("SSYK code"), "code"),
            Column("occupation", _("Occupation"), label_of=("ssyk", "ssyk")),
            Column("employees", _("Employees"), "int"),
            Column("organisations", _("Organisations"), "int"),
            Column("share", _("Share of employees"), "share"),
            Column("women_share", _("Women's share"), "share"),
            Column("mean_age", _("Mean age"), "dec1"),
        ),
        disclosure=Disclosure(
            dimensions=("ssyk",),
            values=("employees",),
            derived=("share", "women_share", "mean_age"),
            persons="employees",
            organisations="organisations",
        ),
    )
)
