"""Data access of the dashboard: one cached analysis context per process, memoised results.

Views and the API never query the warehouse themselves; they call the functions here, which
call :mod:`ecc_atlas.services.figures` and convert the Arrow results to JSON-safe rows.

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
from ecc_atlas.charts import clean_values
from ecc_atlas.config import Settings
from ecc_atlas.services import figures as services_figures
from ecc_atlas.services.context import AnalysisContext
from ecc_atlas.warehouse import DatasetNotFound

__all__ = [
    "COUNTY_DATASETS",
    "FIGURE_DATASETS",
    "KOMMUN_DATASETS",
    "TREND_DATASETS",
    "DashboardError",
    "NoData",
    "NotFound",
    "available_years",
    "clear_cache",
    "county_rows",
    "dataset_entries",
    "figures",
    "home_region",
    "is_synthetic",
    "kommun_rows",
    "resolve_year",
    "sources",
    "trend_rows",
]

T = TypeVar("T")

#: Warehouse datasets (and the registry's delimitation) behind each group of numbers.
REGISTRY_SOURCE = "registry:delimitation_decisions"
KOMMUN_DATASETS: tuple[str, ...] = ("workforce",)
TREND_DATASETS: tuple[str, ...] = ("workforce",)
COUNTY_DATASETS: tuple[str, ...] = ("county_sector", "population", "county_exports")
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
_state = _State()
_results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MAX_RESULTS = 128
#: Seconds between two checks of the data version (new imports, changed decisions).
VERSION_CHECK_SECONDS = 2.0


def _settings() -> Settings:
    value = getattr(django_settings, "ECC_ATLAS", None)
    if not isinstance(value, Settings):
        raise DashboardError("settings.ECC_ATLAS must hold an ecc_atlas.config.Settings object.")
    return value


def clear_cache() -> None:
    """Forget the cached context and every memoised result (tests, data reloads)."""
    with _lock:
        _state.key, _state.version, _state.ctx, _state.checked_at = "", "", None, 0.0
        _results.clear()


def _context() -> AnalysisContext:
    """The process's analysis context, rebuilt when the settings or the data version change.

    The data version (a digest of the manifest and the registry's decisions) is checked at
    most every :data:`VERSION_CHECK_SECONDS`, so one page view costs one check, not ten.
    """
    config = _settings()
    key = f"{config.home}|{config.database_url}|{config.engine}"
    now = time.monotonic()
    with _lock:
        ctx = _state.ctx
        if ctx is not None and _state.key == key:
            if now - _state.checked_at < VERSION_CHECK_SECONDS:
                return ctx
            _state.checked_at = now
            if ctx.data_version == _state.version:
                return ctx
        ctx = AnalysisContext.from_settings(config)
        _state.ctx, _state.key, _state.version = ctx, key, ctx.data_version
        _state.checked_at = time.monotonic()
        _results.clear()
        return ctx


def _memo(name: str, args: tuple[Any, ...], compute: Callable[[AnalysisContext], T]) -> T:
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


def home_region() -> str:
    """The dashboard's home county (``ECC_ATLAS_REGION``, default 19 = Västmanland)."""
    return _settings().region


# --- provenance -----------------------------------------------------------------------------


def dataset_entries() -> list[dict[str, Any]]:
    """Manifest entries of every dataset in the data home (for the footer)."""

    def compute(ctx: AnalysisContext) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in ctx.catalog.entries().values()]

    return _memo("entries", (), compute)


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
    rows = trend_rows(home_region())
    return sorted(int(row["year"]) for row in rows)


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


def _check_lan(code: str) -> str:
    if code not in {region.code for region in reference.lan()}:
        raise NotFound(f"Unknown county (län) code {code!r}; use a two-digit code such as '19'.")
    return code


# --- figures and tables ---------------------------------------------------------------------


def figures(region: str | None = None, year: int | None = None) -> Any:
    """Headline figures (a ``FiguresResult``) of a county in a year (default: latest)."""
    code = _check_lan(region or home_region())
    resolved = resolve_year(year)
    return _memo(
        "figures",
        (code, resolved),
        lambda ctx: services_figures.headline_figures(ctx, region=code, year=resolved),
    )


def kommun_rows(lan: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Sector employment per kommun of a county: ``kommun_code, kommun, employees, ...``."""
    code = _check_lan(lan or home_region())
    resolved = resolve_year(year)
    return _memo(
        "kommuner",
        (code, resolved),
        lambda ctx: clean_values(
            services_figures.kommun_employment(ctx, lan=code, year=resolved).to_pylist()
        ),
    )


def county_rows(year: int | None = None) -> list[dict[str, Any]]:
    """Sector concentration of all 21 counties: ``lan_code, lan, lq, lq_rank, ...``."""
    resolved = resolve_year(year)
    return _memo(
        "counties",
        (resolved,),
        lambda ctx: clean_values(
            services_figures.county_concentration(ctx, year=resolved).to_pylist()
        ),
    )


def trend_rows(region: str | None = None) -> list[dict[str, Any]]:
    """Yearly sector size of a county: ``year, employees, full_year_equivalents, ...``."""
    code = _check_lan(region or home_region())
    return _memo(
        "trend",
        (code,),
        lambda ctx: clean_values(services_figures.sector_trend(ctx, region=code).to_pylist()),
    )
