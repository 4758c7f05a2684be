"""Columns of CSV/XLSX deliveries: header matching, cell converters, row conversion.

A :class:`TableSpec` declares the columns an importer reads (name, accepted header aliases,
converter, whether the column and the value are required, allowed values for the template).
:meth:`TableSpec.match` maps a :class:`~ecc_atlas.ingest.tabular.RawTable`'s header onto it:
names are compared ignoring case, spaces, ``-`` and ``_``; a column that appears twice is an
error, a required column that is missing is an error, unknown columns are ignored (listed in
the summary). :class:`RowConverter` turns each row into a dict of typed values and collects
problems as ``(field, expected, found)``.

Cells come as text (CSV) or as Excel values (numbers, dates). Converters accept both: a code
typed as a number in Excel (``1980``, ``114`` for ``0114``) is padded, a decimal comma is
read as a point (``0,45``), spaces between thousands are ignored (``1 234``). A text that
starts with ``=`` (a formula, or what a spreadsheet would run as one) is kept as text where
text is expected, refused where a number or code is expected, and flagged in either case.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number
from ecc_atlas.ingest import codes
from ecc_atlas.ingest.convert import Invalid
from ecc_atlas.ingest.errors import IngestError, Issue
from ecc_atlas.ingest.tabular import RawTable, cell_is_blank

__all__ = [
    "FORMULA_NOTE",
    "Field",
    "HeaderMap",
    "RowConverter",
    "TableSpec",
    "as_bool",
    "as_code",
    "as_float",
    "as_int",
    "as_org_number",
    "as_text",
    "as_year",
    "choice_of",
    "normal_header",
]

FORMULA_NOTE = "a formula is never evaluated: type the value itself"
_HEADER_JUNK = re.compile(r"[\s_\-./]+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
Converter = Callable[[Any], Any]


def normal_header(text: str) -> str:
    """A header as compared: case-folded, spaces, ``-``, ``_``, ``.``, ``/`` removed."""
    return _HEADER_JUNK.sub("", text.casefold())


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("=")


def _formula_guard(value: object, expected: str) -> None:
    if _is_formula(value):
        raise Invalid(f"{expected} ({FORMULA_NOTE})")


# -- converters: raw cell (never blank: blanks are None before) -> typed value ---------------
def as_text(value: Any) -> str:
    """Text as given (stripped); numbers and dates as their usual text."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _number_text(value: Any, expected: str) -> str:
    _formula_guard(value, expected)
    if not isinstance(value, str):
        raise Invalid(expected)
    raw = _SPACES.sub("", value)
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    return raw


def as_int(value: Any, *, minimum: int | None = 0, expected: str | None = None) -> int:
    """A whole number (≥ ``minimum``) from an int, an integral float or text."""
    what = expected or ("a whole number" + (f" ≥ {minimum}" if minimum is not None else ""))
    if isinstance(value, bool):
        raise Invalid(what)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raw = _number_text(value, what)
        if raw.endswith(".0"):
            raw = raw[:-2]
        if not re.fullmatch(r"-?\d+", raw):
            raise Invalid(what)
        value = int(raw)
    if minimum is not None and value < minimum:
        raise Invalid(what)
    return value


def as_float(
    value: Any, *, minimum: float | None = 0.0, maximum: float | None = None, expected: str = ""
) -> float:
    """A finite number within bounds; text may use a decimal comma."""
    what = expected or "a number" + (f" ≥ {minimum:g}" if minimum is not None else "")
    if isinstance(value, bool):
        raise Invalid(what)
    if isinstance(value, int | float):
        result = float(value)
    else:
        raw = _number_text(value, what)
        try:
            result = float(raw)
        except ValueError:
            raise Invalid(what) from None
    if not math.isfinite(result):
        raise Invalid(what)
    if (minimum is not None and result < minimum) or (maximum is not None and result > maximum):
        raise Invalid(what)
    return result


def as_year(value: Any) -> int:
    """A year from 1990 to 2100."""
    expected = "a year such as 2024 (1990–2100)"
    year = as_int(value, minimum=None, expected=expected)
    if not 1990 <= year <= 2100:
        raise Invalid(expected)
    return year


def as_code(value: Any, width: int, check: Callable[[str], bool], expected: str) -> str:
    """A numeric code padded to ``width`` digits and checked (``114`` → ``"0114"``)."""
    _formula_guard(value, expected)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = codes.normalise_code(value, width)
    if code is None or not check(code):
        raise Invalid(expected)
    return code


def as_org_number(value: Any) -> str:
    """Ten digits of a Luhn-checked organisation number (``NNNNNN-NNNN`` or digits)."""
    expected = "an organisation number NNNNNN-NNNN with a valid check digit"
    _formula_guard(value, expected)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Invalid(expected)
    try:
        return normalise_org_number(str(value).strip())
    except InvalidOrganisationNumber:
        raise Invalid(expected) from None


_TRUE = ("ja", "yes", "true", "1", "x", "sant", "ingår", "included", "include")
_FALSE = ("nej", "no", "false", "0", "falskt", "ingår ej", "ingår inte", "excluded", "exclude")


def as_bool(value: Any) -> bool:
    """Yes/no: ja|nej, yes|no, true|false, 1|0, x (Excel booleans too)."""
    if isinstance(value, bool):
        return value
    folded = as_text(value).casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise Invalid("yes or no (ja|nej, yes|no, true|false, 1|0)")


def choice_of(options: Mapping[str, str], expected: str) -> Converter:
    """A converter to one of the values of ``options`` (keys: accepted spellings)."""
    folded = {k.casefold(): v for k, v in options.items()}
    for value in options.values():
        folded.setdefault(value.casefold(), value)

    def convert(value: Any) -> str:
        _formula_guard(value, expected)
        found = folded.get(as_text(value).casefold())
        if found is None:
            raise Invalid(expected)
        return found

    return convert


# -- columns and headers --------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One input column.

    ``required``: the column must be in the header; ``nullable``: a blank value is allowed
    (it becomes None). ``allowed`` lists the values offered by the template's drop-down.
    """

    name: str
    convert: Converter
    description: str
    example: str = ""
    required: bool = True
    nullable: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    text: bool = False  # a free-text column (kept with formulas, flagged)
    numeric: bool = False  # a number column (the template leaves it in number format)


@dataclass(frozen=True)
class HeaderMap:
    """Where each known field is in a table's header, and what was ignored."""

    table: RawTable
    positions: dict[str, int]
    ignored: tuple[str, ...]

    def has(self, name: str) -> bool:
        """True when the table has the column."""
        return name in self.positions


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of table."""

    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    def lookup(self) -> dict[str, str]:
        """Normalised header text → field name."""
        result: dict[str, str] = {}
        for spec in self.fields:
            for text in (spec.name, *spec.aliases):
                result[normal_header(text)] = spec.name
        return result

    def match(self, table: RawTable, *, required: Sequence[str] | None = None) -> HeaderMap:
        """Map the header onto the fields; raise on duplicate or missing columns."""
        lookup = self.lookup()
        positions: dict[str, int] = {}
        ignored: list[str] = []
        issues: list[Issue] = []
        for index, text in enumerate(table.header):
            name = lookup.get(normal_header(text)) if text else None
            if name is None:
                if text:
                    ignored.append(text)
                continue
            if name in positions:
                first = table.header[positions[name]]
                issues.append(
                    Issue(
                        table.name,
                        table.header_row,
                        text,
                        f"each column once: columns {positions[name] + 1} ({first!r}) and "
                        f"{index + 1} ({text!r}) are both {name!r}",
                    )
                )
                continue
            positions[name] = index
        needed = [f.name for f in self.fields if f.required] if required is None else required
        for name in needed:
            if name not in positions:
                aliases = self.field(name).aliases
                also = f" (or {', '.join(repr(a) for a in aliases[:3])})" if aliases else ""
                issues.append(Issue(table.name, table.header_row, name, f"a column {name!r}{also}"))
        if issues:
            raise IngestError(issues)
        return HeaderMap(table, positions, tuple(ignored))


@dataclass
class RowConverter:
    """Converts the rows of one table; remembers free-text cells that look like formulas."""

    spec: TableSpec
    header: HeaderMap
    formulas: list[tuple[str, int, str]] = field(default_factory=list)

    def convert(self, row: int, cells: Sequence[Any]) -> tuple[dict[str, Any], list[Issue]]:
        """One row → (values of the fields present, problems)."""
        values: dict[str, Any] = {}
        problems: list[Issue] = []
        name = self.header.table.name
        width = len(self.header.table.header)
        extra = [c for c in cells[width:] if not cell_is_blank(c)]
        if extra:
            problems.append(
                Issue(name, row, None, f"at most {width} values (the header's columns)")
            )
        for field_name, index in self.header.positions.items():
            spec = self.spec.field(field_name)
            raw = cells[index] if index < len(cells) else None
            if cell_is_blank(raw):
                values[field_name] = None
                if not spec.nullable:
                    problems.append(Issue(name, row, field_name, "a value (it is required)"))
                continue
            try:
                values[field_name] = spec.convert(raw)
            except Invalid as exc:
                problems.append(Issue(name, row, field_name, str(exc), _show(raw)))
                continue
            if spec.text and _is_formula(raw):
                self.formulas.append((name, row, field_name))
        return values, problems

    def formula_note(self) -> str | None:
        """A note on free-text cells that start with '=' (kept as text), or None."""
        if not self.formulas:
            return None
        where = "; ".join(f"{n} row {r} field {f!r}" for n, r, f in self.formulas[:5])
        more = f" and {len(self.formulas) - 5} more" if len(self.formulas) > 5 else ""
        return (
            f"{len(self.formulas)} text cell(s) start with '=' and were stored as text, "
            f"not evaluated: {where}{more}. Escape them before exporting to a spreadsheet."
        )


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
