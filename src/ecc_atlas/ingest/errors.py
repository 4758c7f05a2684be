"""Import errors that say where the problem is: file, row, field, and what was expected.

A row is counted the way a person counts: 1-based, a line number for line-oriented files
(JSON Lines, CSV) and a record number for a JSON list. Importers collect problems in an
:class:`ErrorCollector` and fail with one :class:`IngestError` holding up to ``limit`` of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_ERRORS", "ErrorCollector", "IngestError", "Issue"]

#: How many problems an import collects before it stops reading.
DEFAULT_MAX_ERRORS = 20


def _shorten(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Issue:
    """One problem in an input file.

    Attributes:
        file: The file name or URL.
        row: 1-based line or record number, or None for a problem with the whole file.
        field: The field or column, or None.
        expected: What the importer expected there ("a län code such as '19'").
        found: A short representation of what was there, or "" when not applicable.
    """

    file: str
    row: int | None
    field: str | None
    expected: str
    found: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        text = f"{', '.join(where)}: {self.expected}"
        if self.found:
            text += f", found {self.found}"
        return text


class IngestError(Exception):
    """An input cannot be imported. ``issues`` lists every problem found (at least one).

    ``str(error)`` is one line: the first problem, plus how many more there are.
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        if not issues:
            raise ValueError("IngestError needs at least one issue")
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(self.summary())

    @classmethod
    def single(
        cls,
        file: str,
        expected: str,
        *,
        row: int | None = None,
        field: str | None = None,
        found: object = None,
        show_found: bool = False,
    ) -> IngestError:
        """An error with one issue; ``found`` is shown (repr, shortened) when given."""
        shown = _shorten(found) if (found is not None or show_found) else ""
        return cls([Issue(file, row, field, expected, shown)])

    @property
    def first(self) -> Issue:
        """The first problem found."""
        return self.issues[0]

    def summary(self) -> str:
        """One line for a person: the first problem and the number of others."""
        text = str(self.first)
        more = len(self.issues) - 1
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''})"
        return text

    def report(self) -> str:
        """Every problem, one per line."""
        return "\n".join(str(issue) for issue in self.issues)


class ErrorCollector:
    """Collects problems of one input; raises once ``limit`` problems are found.

    Example::

        errors = ErrorCollector("ads.jsonl", limit=20)
        errors.add(3, "kommun_code", "a kommun code such as '1980'", "9999")
        errors.raise_if_any()
    """

    def __init__(self, file: str, *, limit: int = DEFAULT_MAX_ERRORS) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.file = file
        self.limit = limit
        self.issues: list[Issue] = []

    def __len__(self) -> int:
        return len(self.issues)

    def __bool__(self) -> bool:
        return bool(self.issues)

    def add(
        self,
        row: int | None,
        field: str | None,
        expected: str,
        found: object = None,
        *,
        show_found: bool = True,
    ) -> None:
        """Record one problem; raise :class:`IngestError` when the limit is reached."""
        shown = _shorten(found) if show_found else ""
        self.issues.append(Issue(self.file, row, field, expected, shown))
        if len(self.issues) >= self.limit:
            raise IngestError(self.issues)

    def add_issue(self, issue: Issue) -> None:
        """Record a ready-made problem; raise :class:`IngestError` when the limit is reached."""
        self.issues.append(issue)
        if len(self.issues) >= self.limit:
            raise IngestError(self.issues)

    def raise_if_any(self) -> None:
        """Raise :class:`IngestError` if any problem was recorded."""
        if self.issues:
            raise IngestError(self.issues)
