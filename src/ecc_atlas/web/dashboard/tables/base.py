"""The public tables: what each holds, how it is filtered, protected, labelled and described.

A :class:`TableDef` names one public table (``/api/tables/<name>``): its columns with labels
and kinds, the filters it accepts, the warehouse datasets and the method behind it, how the
disclosure rules read it, and a ``build`` function that computes it from an
:class:`~ecc_atlas.services.context.AnalysisContext`. :func:`published` is the only way to get
a table's rows: it builds (memoised per data version), passes the result through
:func:`~ecc_atlas.web.dashboard.disclosure_seam.publish`, and adds the label columns in the
requested language. Pages, charts, the JSON API, the CSV/XLSX/Parquet exports and the annual
report all read tables through it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.functional import Promise

from ecc_atlas.charts import clean_values
from ecc_atlas.web.dashboard import data
from ecc_atlas.web.dashboard.disclosure_seam import publish
from ecc_atlas.web.dashboard.tables import vocabularies

if TYPE_CHECKING:
    from ecc_atlas.services.context import AnalysisContext

__all__ = [
    "FILTER_NAMES",
    "TABLES",
    "Column",
    "Disclosure",
    "Filters",
    "InvalidFilter",
    "Published",
    "TableDef",
    "Unavailable",
    "get_table",
    "inherit_suppression",
    "protected",
    "published",
    "register",
]

#: Filters a table may accept (query parameters of pages, the API and the exports).
FILTER_NAMES: tuple[str, ...] = ("year", "segment", "kommun", "kind", "scenario")

#: Column kinds: how a value is formatted on a page and typed in an export.
KINDS = {"text", "code", "int", "dec0", "dec1", "dec2", "share", "sek", "year", "bool", "url"}


class InvalidFilter(data.NotFound):
    """A filter value the table does not know (an unknown segment, kommun or year)."""


class Unavailable(data.NoData):
    """The analysis behind a table is not available in this installation or data home."""


@dataclass(frozen=True)
class Filters:
    """Filter values; ``None`` means "all" (for ``year``: the latest year)."""

    year: int | None = None
    segment: str | None = None
    kommun: str | None = None
    kind: str | None = None
    scenario: str | None = None

    def query(self, names: Sequence[str] = FILTER_NAMES) -> dict[str, Any]:
        """The set filters among ``names`` as query parameters."""
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def only(self, names: Sequence[str]) -> Filters:
        """A copy keeping only the filters in ``names``."""
        return Filters(**{n: getattr(self, n) for n in FILTER_NAMES if n in names})


@dataclass(frozen=True)
class Column:
    """One published column: stable ``name``, a translatable label, a kind (see ``KINDS``).

    A label column (``label_of=("segment", "segment")``) is filled by the publishing step with
    the name of the code in the other column, from the named vocabulary, in the request's
    language.
    """

    name: str
    label: str | Promise
    kind: str = "text"
    label_of: tuple[str, str] | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Disclosure:
    """How :func:`~ecc_atlas.web.dashboard.disclosure_seam.publish` reads the table."""

    dimensions: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    persons: str | None = None
    organisations: str | None = None
    top2_share: str | None = "top2_share"
    derived: tuple[str, ...] = ()
    internal: tuple[str, ...] = ("top2_share",)


@dataclass(frozen=True)
class TableDef:
    """A public table and everything needed to publish and explain it."""

    name: str
    title: str | Promise
    description: str | Promise
    method: str | Promise
    datasets: tuple[str, ...]
    columns: tuple[Column, ...]
    build: Callable[[AnalysisContext, Filters, str], pa.Table]
    filters: tuple[str, ...] = ()
    disclosure: Disclosure = field(default_factory=Disclosure)
    registry: bool = True
    #: Seconds a built table may be reused; None: until the data version changes. Tables
    #: read from registry records the data version does not cover (names, websites) use it.
    max_age: int | None = None

    def stamp(self) -> int:
        """Part of every cache key of the table: changes every ``max_age`` seconds."""
        return 0 if self.max_age is None else int(time.time() // self.max_age)

    #: The columns a printed page has room for (the report); None: all visible columns.
    print_columns: tuple[str, ...] | None = None

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


TABLES: dict[str, TableDef] = {}


def register(definition: TableDef) -> TableDef:
    """Add a table to :data:`TABLES` (names are unique)."""
    if definition.name in TABLES:
        raise ValueError(f"Table {definition.name!r} is registered twice.")
    TABLES[definition.name] = definition
    return definition


def get_table(name: str) -> TableDef:
    """The table called ``name``; :class:`data.NotFound` with the known names otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise data.NotFound(f"Unknown table {name!r}; tables are: {known}.") from None


# --- filters ---------------------------------------------------------------------------------


def resolve_filters(definition: TableDef, filters: Filters) -> Filters:
    """``filters`` checked and fitted to the table.

    Every given value must be known (else :class:`InvalidFilter`, also for filters the table
    does not take — an unknown year is an error everywhere); filters the table does not take
    are then dropped, and ``year`` becomes a concrete year for tables that take it.
    """
    if filters.segment is not None and filters.segment not in vocabularies.segment_codes():
        codes = ", ".join(vocabularies.segment_codes())
        raise InvalidFilter(f"Unknown segment {filters.segment!r}; segments are: {codes}.")
    if filters.kommun is not None and filters.kommun not in vocabularies.kommun_codes():
        codes = ", ".join(vocabularies.kommun_codes())
        raise InvalidFilter(
            f"Unknown kommun {filters.kommun!r} in this county; use one of {codes}."
        )
    if filters.kind is not None and filters.kind not in vocabularies.KINDS:
        kinds = ", ".join(vocabularies.KINDS)
        raise InvalidFilter(f"Unknown kind {filters.kind!r}; kinds are: {kinds}.")
    if filters.scenario is not None and filters.scenario not in vocabularies.SCENARIOS:
        names = ", ".join(vocabularies.SCENARIOS)
        raise InvalidFilter(f"Unknown scenario {filters.scenario!r}; scenarios are: {names}.")
    try:
        year = data.resolve_year(filters.year)
    except data.NotFound as error:
        raise InvalidFilter(str(error)) from error
    kept = filters.only(definition.filters)
    return replace(kept, year=year) if "year" in definition.filters else kept


# --- publishing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """A table as it may be shown: protected, labelled, with its provenance."""

    definition: TableDef
    filters: Filters
    lang: str
    table: pa.Table
    synthetic: bool
    sources: list[dict[str, Any]]

    @property
    def name(self) -> str:
        """The table's name."""
        return self.definition.name

    def rows(self) -> list[dict[str, Any]]:
        """The rows as JSON-safe dictionaries (NaN → None)."""
        return clean_values(self.table.to_pylist())

    @property
    def column_names(self) -> list[str]:
        """Published column names in order (the disclosure columns last)."""
        return list(self.table.column_names)

    @property
    def suppressed_rows(self) -> int:
        """How many rows have withheld values."""
        return sum(1 for flag in self.table.column("suppressed").to_pylist() if flag)


def protected(definition: TableDef, filters: Filters) -> pa.Table:
    """The table built and passed through the disclosure seam, before labelling (memoised).

    Builders of derived tables read other tables through this, so that the cells they show
    are exactly those the other table publishes.
    """

    def compute(ctx: AnalysisContext) -> pa.Table:
        raw = definition.build(ctx, filters, data.home_region())
        spec = definition.disclosure
        values = [v for v in spec.values if v in raw.column_names]
        return publish(
            raw,
            dimensions=list(spec.dimensions),
            values=values,
            persons=spec.persons,
            organisations=spec.organisations,
            top2_share=spec.top2_share if spec.top2_share in raw.column_names else None,
            derived=[d for d in spec.derived if d in raw.column_names],
            internal=spec.internal,
        )

    return data.memo(f"table:{definition.name}", (filters, definition.stamp()), compute)


def inherit_suppression(
    table: pa.Table,
    key: str,
    source: TableDef,
    filters: Filters,
    source_key: str,
    values: Sequence[str],
) -> pa.Table:
    """``table`` with the protection of the ``source`` table it describes, row by row.

    A row whose ``key`` matches a withheld row of the protected ``source`` (``source_key``)
    gets ``suppressed`` and that row's reason, and its ``values`` become null; the others are
    published. Use it when a table shows the same cells as another (the recruitment forecast
    per occupation starts from the occupations of the latest year), so that no cell the
    other table withholds comes out here. :func:`publish` keeps this protection as it is.
    """
    source_table = protected(source, resolve_filters(source, filters))
    withheld = {
        row[source_key]: row["suppression_reason"]
        for row in source_table.to_pylist()
        if row["suppressed"]
    }
    reasons = [withheld.get(code) for code in table.column(key).to_pylist()]
    mask = pa.array([reason is not None for reason in reasons], pa.bool_())
    for name in values:
        index = table.schema.get_field_index(name)
        column = table.column(index)
        table = table.set_column(
            index, name, pc.if_else(mask, pa.scalar(None, type=column.type), column)
        )
    table = table.append_column("suppressed", mask)
    return table.append_column("suppression_reason", pa.array(reasons, pa.string()))


def _labelled(definition: TableDef, table: pa.Table, lang: str) -> pa.Table:
    arrays: list[pa.Array | pa.ChunkedArray] = []
    names: list[str] = []
    for column in definition.columns:
        if column.label_of is not None:
            source, vocabulary = column.label_of
            codes = table.column(source).to_pylist()
            labels = [vocabularies.label(vocabulary, code, lang) for code in codes]
            arrays.append(pa.array(labels, type=pa.string()))
        elif column.name in table.column_names:
            arrays.append(table.column(column.name))
        else:
            raise KeyError(f"Table {definition.name!r} did not build column {column.name!r}.")
        names.append(column.name)
    for extra in ("suppressed", "suppression_reason"):
        arrays.append(table.column(extra))
        names.append(extra)
    return pa.table(arrays, names=names)


def published(name: str, filters: Filters | None = None, *, lang: str = "sv") -> Published:
    """Table ``name`` with ``filters`` in ``lang``: built, protected, labelled (memoised)."""
    definition = get_table(name)
    resolved = resolve_filters(definition, filters or Filters())
    lang = "en" if lang == "en" else "sv"

    def compute(ctx: AnalysisContext) -> Published:
        table = _labelled(definition, protected(definition, resolved), lang)
        return Published(
            definition=definition,
            filters=resolved,
            lang=lang,
            table=table,
            synthetic=data.is_synthetic(definition.datasets),
            sources=data.sources(definition.datasets, registry=definition.registry),
        )

    return data.memo(f"published:{name}", (resolved, lang, definition.stamp()), compute)
