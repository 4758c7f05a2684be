"""The analysis context: the warehouse, an Ibis backend and the registry's delimitation.

Views, the CLI and reports build one :class:`AnalysisContext` from the settings and pass it
to :mod:`ecc_atlas.services.figures`. The context reads warehouse datasets as Ibis tables
(registered once per dataset version), reads the current delimitation decisions from the
registry, and exposes :attr:`AnalysisContext.data_version`: a fingerprint of the manifest
and the decisions that changes whenever either does, for use as a cache key.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import ibis
import pyarrow as pa

from ecc_atlas.config import Settings
from ecc_atlas.warehouse import Catalog, DatasetEntry, connect

if TYPE_CHECKING:
    from ibis.expr.types import Table

__all__ = ["AnalysisContext", "registry_decisions"]

T = TypeVar("T")
_MAX_CACHED = 64


def registry_decisions() -> pa.Table:
    """The registry's current decision per organisation and year (needs Django set up)."""
    from ecc_atlas.web.registry.queries import decisions_table

    return decisions_table()


def _digest(table: pa.Table) -> str:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


@dataclass
class AnalysisContext:
    """What the figures need: catalog, Ibis backend, decisions, and a result cache.

    ``decisions_provider`` returns the current delimitation decisions as Arrow
    (``org_number, year, included, segment``); by default the Django registry.
    """

    settings: Settings
    catalog: Catalog
    decisions_provider: Callable[[], pa.Table] = registry_decisions
    _backend: Any = field(default=None, repr=False)
    _tables: dict[tuple[str, str], Table] = field(default_factory=dict, repr=False)
    _decisions: tuple[str, Table] | None = field(default=None, repr=False)
    _cache: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, decisions_provider: Callable[[], pa.Table] | None = None
    ) -> AnalysisContext:
        """A context over the data home of ``settings`` (the backend opens lazily)."""
        return cls(
            settings=settings,
            catalog=Catalog(settings.warehouse_dir),
            decisions_provider=decisions_provider or registry_decisions,
        )

    # -- engine and datasets -------------------------------------------------------------
    @property
    def backend(self) -> Any:
        """The Ibis backend (DuckDB in-process by default), opened on first use."""
        with self._lock:
            if self._backend is None:
                self._backend = connect(self.settings.engine)
            return self._backend

    def entry(self, name: str) -> DatasetEntry:
        """The manifest entry of a dataset (raises ``DatasetNotFound``)."""
        return self.catalog.entry(name)

    def has(self, name: str) -> bool:
        """True when the warehouse holds the dataset."""
        return name in self.catalog

    def table(self, name: str) -> Table:
        """A warehouse dataset as an Ibis table (registered once per dataset version)."""
        entry = self.catalog.entry(name)
        key = (name, entry.checksum)
        with self._lock:
            if key not in self._tables:
                path = str(self.catalog.root / entry.file)
                table_name = f"{name}_{entry.checksum[:16]}"
                self._tables[key] = self.backend.read_parquet(path, table_name=table_name)
            return self._tables[key]

    def is_synthetic(self, names: Iterable[str]) -> bool:
        """True when any of the named datasets (that exist) is synthetic."""
        entries = self.catalog.entries()
        return any(entries[n].synthetic for n in names if n in entries)

    # -- the registry's delimitation ------------------------------------------------------
    def _current_decisions(self) -> tuple[str, pa.Table]:
        arrow = self.decisions_provider()
        return _digest(arrow), arrow

    def decisions_arrow(self) -> pa.Table:
        """The current decisions as Arrow: ``org_number, year, included, segment``."""
        return self._current_decisions()[1]

    def decisions(self) -> Table:
        """The current decisions as an Ibis table (re-read when the registry changes)."""
        digest, arrow = self._current_decisions()
        with self._lock:
            if self._decisions is None or self._decisions[0] != digest:
                # A memtable works on every Ibis backend (DuckDB, PySpark).
                self._decisions = (digest, ibis.memtable(arrow))
            return self._decisions[1]

    @property
    def data_version(self) -> str:
        """A fingerprint of the warehouse manifest and the registry's decisions."""
        manifest = sorted((e.name, e.checksum) for e in self.catalog.entries().values())
        digest, _ = self._current_decisions()
        text = repr(manifest) + digest
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    # -- results cache --------------------------------------------------------------------
    def cached(self, name: str, args: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Memoise ``compute()`` under ``name`` and ``args`` for the current data version."""
        key = (self.data_version, name, args)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return, unused-ignore]
            value = compute()
            self._cache[key] = value
            while len(self._cache) > _MAX_CACHED:
                self._cache.popitem(last=False)
            return value
