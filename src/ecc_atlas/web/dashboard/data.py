"""Data access of the dashboard: one cached analysis context per process, memoised results.

Views, the API and the report never query the warehouse themselves: the headline figures come
from :mod:`ecc_atlas.services.figures` through :func:`figures`, and every table through
:mod:`ecc_atlas.web.dashboard.tables` (which builds on :func:`memo` and passes the disclosure
seam).

The :class:`~ecc_atlas.services.context.AnalysisContext` is built once per process from
``django.conf.settings.ECC_ATLAS`` and rebuilt when its ``data_version`` changes (a new import,
a new delimitation decision). Results are memoised per data version; a lock serialises the
computations because one DuckDB connection is shared by the server's threads.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings as django_settings

from ecc_atlas import reference
from ecc_atlas.config import Settings
from ecc_atlas.services import figures as services_figures
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.warehouse import DatasetNotFound

__all__ = [
    "FIGURE_DATASETS",
    "DashboardError",
    "NoData",
    "NotFound",
    "available_years",
    "check_lan",
    "clear_cache",
    "data_version",
    "dataset_entries",
    "figures",
    "home_region",
    "is_synthetic",
    "memo",
    "release_context",
    "resolve_year",
    "settings",
    "sources",
]

T = TypeVar("T")

#: Warehouse datasets (and the registry's delimitation) behind each group of numbers.
REGISTRY_SOURCE = "registry:delimitation_decisions"
FIGURE_DATASETS: tuple[str, ...] = (
    "workforce",
    "workforce_flows",
    "county_sector",
    "county_exports",
    "population",
    "hiring_plans",
)


class DashboardError(Exception):
    """The dashboard cannot answer; the message says why and what to do."""


class NoData(DashboardError):
    """The data home holds no (or incomplete) data yet."""


class NotFound(DashboardError, LookupError):
    """An unknown region, year or item was asked for."""


@dataclass
class _State:
    key: str = ""
    version: str = ""
    ctx: AnalysisContext | None = None
    checked_at: float = 0.0


_lock = threading.RLock()
_check_lock = threading.Lock()
_state = _State()
_results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MAX_RESULTS = 1024
#: Seconds between two checks of the data version (new imports, changed decisions).
VERSION_CHECK_SECONDS = 2.0


def _settings() -> Settings:
    value = getattr(django_settings, "ECC_ATLAS", None)
    if not isinstance(value, Settings):
        raise DashboardError("settings.ECC_ATLAS must hold an ecc_atlas.config.Settings object.")
    return value


def settings() -> Settings:
    """The ECC Atlas settings the dashboard runs with (``settings.ECC_ATLAS``)."""
    return _settings()


def clear_cache() -> None:
    """Forget the cached context and every memoised result (tests, data reloads)."""
    with _lock:
        _state.key, _state.version, _state.ctx, _state.checked_at = "", "", None, 0.0
        _results.clear()


def _key(config: Settings) -> str:
    return f"{config.home}|{config.database_url}|{config.engine}"


def _check_version() -> None:
    """Drop the context when the data version has changed (new import, new decision).

    Checked at most every :data:`VERSION_CHECK_SECONDS`, by one thread at a time and outside
    the computation lock: reading the registry's decisions and hashing them takes a few
    milliseconds, and no other request should wait for it.
    """
    now = time.monotonic()
    ctx, version = _state.ctx, _state.version
    if ctx is None or now - _state.checked_at < VERSION_CHECK_SECONDS:
        return
    if not _check_lock.acquire(blocking=False):
        return  # another thread is checking; this request uses the current context
    try:
        _state.checked_at = now
        current = ctx.data_version
        if current != version:
            with _lock:
                if _state.ctx is ctx:
                    _state.ctx = None
    finally:
        _check_lock.release()


def _context() -> AnalysisContext:
    """The process's analysis context (call with :data:`_lock` held), rebuilt when the
    settings change or :func:`_check_version` dropped it."""
    config = _settings()
    key = _key(config)
    ctx = _state.ctx
    if ctx is not None and _state.key == key:
        return ctx
    ctx = AnalysisContext.from_settings(config)
    version = ctx.data_version
    if (key, version) != (_state.key, _state.version):
        _results.clear()  # results of an older version (or another data home)
    _state.ctx, _state.key, _state.version = ctx, key, version
    _state.checked_at = time.monotonic()
    return ctx


def release_context() -> None:
    """Close the analysis context but keep the memoised results of its data version.

    A server that computes everything before it forks its workers (``warm`` and then
    ``release_context`` in the master process) hands every worker warm caches without
    sharing a database connection across processes.
    """
    with _lock:
        _state.ctx = None


def memo(name: str, args: tuple[Any, ...], compute: Callable[[AnalysisContext], T]) -> T:
    """``compute(context)`` memoised under ``name`` and ``args`` for the current data version.

    Missing datasets become :class:`NoData`, the services' "unknown region/year" lookups
    :class:`NotFound`.
    """
    _check_version()
    with _lock:
        ctx = _context()
        cache_key = (_state.key, _state.version, name, args)
        if cache_key in _results:
            _results.move_to_end(cache_key)
            return cast(T, _results[cache_key])
        try:
            value = compute(ctx)
        except NotFound:
            raise
        except DatasetNotFound as error:
            raise NoData(f"{error} Data home: {_settings().home}.") from error
        except LookupError as error:
            if isinstance(error, KeyError | IndexError):  # a bug, not an unknown region/year
                raise
            raise NotFound(str(error)) from error  # the services' "unknown region/year"
        _results[cache_key] = value
        while len(_results) > _MAX_RESULTS:
            _results.popitem(last=False)
        return value


def data_version() -> str:
    """The current data version (changes with every import and delimitation decision)."""
    _check_version()
    with _lock:
        _context()
        return _state.version


def home_region() -> str:
    """The dashboard's home county (``ECC_ATLAS_REGION``, default 19 = Västmanland)."""
    return _settings().region


# --- provenance -----------------------------------------------------------------------------


def dataset_entries() -> list[dict[str, Any]]:
    """Manifest entries of every dataset in the data home (for the footer)."""

    def compute(ctx: AnalysisContext) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in ctx.catalog.entries().values()]

    return memo("entries", (), compute)


def sources(names: Iterable[str], *, registry: bool = True) -> list[dict[str, Any]]:
    """Provenance of the named datasets: name, source, imported_at, rows, checksum, synthetic."""
    by_name = {entry["name"]: entry for entry in dataset_entries()}
    result: list[dict[str, Any]] = []
    for name in names:
        entry = by_name.get(name)
        if entry is None:
            continue
        result.append(
            {
                "dataset": name,
                "source": entry["source"],
                "imported_at": entry["imported_at"],
                "rows": entry["rows"],
                "checksum": entry["checksum"],
                "synthetic": bool(entry["synthetic"]),
            }
        )
    if registry:
        result.append(
            {
                "dataset": REGISTRY_SOURCE,
                "source": "ECC Atlas registry (company-by-company delimitation)",
                "imported_at": None,
                "rows": None,
                "checksum": None,
                "synthetic": any(item["synthetic"] for item in result),
            }
        )
    return result


def is_synthetic(names: Iterable[str] | None = None) -> bool:
    """True when any of the named datasets (default: all) holds synthetic data."""
    wanted = None if names is None else set(names)
    return any(
        bool(entry["synthetic"])
        for entry in dataset_entries()
        if wanted is None or entry["name"] in wanted
    )


# --- years and regions ----------------------------------------------------------------------


def available_years() -> list[int]:
    """Years with sector data for the home county, ascending."""
    return _sector_years(home_region())


def resolve_year(year: int | None) -> int:
    """``year`` if the data covers it, else the latest year when ``year`` is None."""
    years = available_years()
    if not years:
        raise NoData("The warehouse holds no sector data yet. Run `ecc-atlas demo` first.")
    if year is None:
        return years[-1]
    if year not in years:
        raise NotFound(f"No data for year {year}; available years are {years[0]}–{years[-1]}.")
    return year


def check_lan(code: str) -> str:
    """``code`` if it is a county code, else :class:`NotFound`."""
    if code not in {region.code for region in reference.lan()}:
        raise NotFound(f"Unknown county (län) code {code!r}; use a two-digit code such as '19'.")
    return code


# --- figures and tables ---------------------------------------------------------------------


def figures(region: str | None = None, year: int | None = None) -> Any:
    """Headline figures (a ``FiguresResult``) of a county in a year (default: latest)."""
    code = check_lan(region or home_region())
    resolved = resolve_year(year)
    return memo(
        "figures",
        (code, resolved),
        lambda ctx: services_figures.headline_figures(ctx, region=code, year=resolved),
    )


def _sector_years(region: str) -> list[int]:
    """Years in which the delimited sector of the county has employees (for the year filter;
    the numbers themselves reach the public only through the published tables)."""
    code = check_lan(region)

    def compute(ctx: AnalysisContext) -> list[int]:
        table = services_figures.sector_trend(ctx, region=code)
        return sorted(int(year) for year in table.column("year").to_pylist())

    return memo("years", (code,), compute)
