"""`ecc-atlas analyze …`: run the analyses on your own CSV or Parquet files.

Every command reads a long table, maps your column names onto the analysis' roles,
calls the pure function in :mod:`ecc_atlas.analysis` and writes the result (CSV or
Parquet by the output's extension). Problems are one clear line on stderr.

Extension: a module may add commands to :data:`analyze_app` by defining
``register(app: typer.Typer) -> None``; the modules named in :data:`EXTENSIONS` are
registered when they exist (e.g. ``ecc_atlas.cli.analyze_skills`` for ``analyze skills``).
"""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import typer

from ecc_atlas.cli.runtime import err_console, fail

__all__ = ["EXTENSIONS", "analyze_app", "read_table", "write_table"]

T = TypeVar("T")

analyze_app = typer.Typer(
    help=(
        "Run an analysis on your own data (CSV or Parquet, chosen by the file extension): "
        "specialisation and complexity, the recruitment-need forecast, shift-share, and the "
        "supply/demand balance. Methods: docs/methods/."
    ),
    no_args_is_help=True,
)

#: Modules that add commands to ``analyze_app`` through ``register(app)`` when present.
EXTENSIONS: tuple[str, ...] = ("ecc_atlas.cli.analyze_skills",)

InputOption = Annotated[Path, typer.Option("--input", help="Input file (.csv or .parquet).")]
OutOption = Annotated[Path, typer.Option("--out", help="Output file (.csv or .parquet).")]


class InputProblem(Exception):
    """An input file cannot be read or written; the message says why."""


def read_table(path: Path, *, text_columns: list[str] | tuple[str, ...] = ()) -> pa.Table:
    """Read a CSV or Parquet file; ``text_columns`` are read as text (codes keep zeros)."""
    if not path.exists():
        raise InputProblem(f"The input file {path} does not exist.")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            table = pq.read_table(path)
            casts = {c: pa.string() for c in text_columns if c in table.column_names}
            for name, kind in casts.items():
                table = table.set_column(
                    table.column_names.index(name), name, table.column(name).cast(kind)
                )
            return table
        if suffix == ".csv":
            types = {c: pa.string() for c in text_columns if c in _header(path)}
            return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputProblem(f"Cannot read {path}: {str(exc).splitlines()[0]}") from exc
    raise InputProblem(f"Unknown file type {path.suffix!r} of {path}; use .csv or .parquet.")


def _header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig") as handle:
        line = handle.readline().strip()
    return [part.strip().strip('"') for part in line.split(",")] if line else []


def write_table(table: pa.Table, path: Path) -> None:
    """Write a table as CSV or Parquet by the extension of ``path``."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet"}:
        raise InputProblem(f"Unknown output type {path.suffix!r}; use .csv or .parquet.")
    if not path.parent.exists():
        raise InputProblem(f"The output folder {path.parent} does not exist.")
    if suffix == ".parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)


@contextmanager
def _reported() -> Iterator[None]:
    """Turn analysis and input errors into one line; show analysis warnings."""
    from ecc_atlas.analysis._common import AnalysisError, AnalysisWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalysisWarning)
        try:
            yield
        except (AnalysisError, InputProblem) as exc:
            raise fail(str(exc)) from None
        finally:
            for item in caught:
                if issubclass(item.category, AnalysisWarning):
                    err_console.print(f"[yellow]Warning:[/] {item.message}", highlight=False)


def _run(compute: Callable[[], T]) -> T:
    with _reported():
        return compute()


def _memtable(table: pa.Table) -> Any:
    import ibis

    return ibis.memtable(table)


def _done(path: Path, rows: int) -> None:
    err_console.print(f"Wrote {rows} rows to {path}", highlight=False)


@analyze_app.command("specialisation")
def specialisation_command(
    input_path: InputOption,
    out: OutOption,
    region: Annotated[str, typer.Option("--region", help="Column with the region code.")],
    item: Annotated[
        str, typer.Option("--item", help="Column with the item (industry, occupation…).")
    ],
    value: Annotated[
        str, typer.Option("--value", help="Column with the value (employees, exports…).")
    ],
    year: Annotated[
        str | None, typer.Option("--year", help="Column with the year (optional).")
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", help="LQ at or above which mcp = 1.")
    ] = 1.0,
) -> None:
    """Location quotients, relatedness density and economic complexity of a long table.

    Input: one row per region × item (× year) with a non-negative value.
    Repeated rows are summed; absent combinations count as 0.
    Output columns, one row per region × item (× year):

    region — the region code
    item — the item code
    year — the year (only with --year)
    value — the summed value (0 when absent)
    lq — location quotient / RCA: (E_rj/E_r)/(E_j/E)
    mcp — presence: 1 when lq ≥ --threshold, else 0
    diversity — number of items the region has (mcp = 1)
    ubiquity — number of regions that have the item
    density — relatedness density of the item to the region's other items (0–1)
    eci — Economic Complexity Index of the region (mean 0, sd 1 over the rows)
    pci — Product Complexity Index of the item, on ECI's scale
    coi — Complexity Outlook Index of the region
    cog — Complexity Outlook Gain of moving into the item (0 where mcp = 1)

    eci, pci, coi and cog are empty where complexity is undefined; a warning says why.
    """
    from ecc_atlas.analysis.relatedness import specialisation_arrow

    def compute() -> pa.Table:
        table = read_table(input_path, text_columns=[region, item])
        cols = {"region": region, "item": item, "value": value, "time": year}
        result = specialisation_arrow(_memtable(table), cols=cols, threshold=threshold)
        if year:
            result = result.rename_columns(
                ["year" if c == "time" else c for c in result.column_names]
            )
        names = [
            "region",
            "item",
            *(["year"] if year else []),
            "value",
            "lq",
            "mcp",
            "diversity",
            "ubiquity",
            "density",
            "eci",
            "pci",
            "coi",
            "cog",
        ]
        result = result.select(names)
        write_table(result, out)
        return result

    _done(out, _run(compute).num_rows)


@analyze_app.command("shift-share")
def shift_share_command(
    input_path: InputOption,
    out: OutOption,
    region: Annotated[str, typer.Option("--region", help="Column with the region code.")],
    item: Annotated[str, typer.Option("--item", help="Column with the item.")],
    value: Annotated[str, typer.Option("--value", help="Column with the value (employees).")],
    year: Annotated[str, typer.Option("--year", help="Column with the year.")],
    start: Annotated[int, typer.Option("--start", help="Start year.")],
    end: Annotated[int, typer.Option("--end", help="End year.")],
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            help=(
                "Optional file with national values per item and year (same --item, "
                "--value, --year columns); default: the sum over the input's regions."
            ),
        ),
    ] = None,
) -> None:
    """Shift-share decomposition of the change of each region × item between two years.

    Output columns, one row per region × item:

    region, item — the codes
    start_value, end_value — the values in --start and --end (0 when absent)
    change — end_value − start_value
    growth — change / start_value (empty when start_value is 0)
    national_growth — g_N, national growth of all items
    item_growth — g_Nj, national growth of the item
    national_effect — start_value × g_N
    industry_mix — start_value × (g_Nj − g_N)
    expected_change — national_effect + industry_mix
    competitive_effect — change − expected_change

    The three effects sum to the change.
    """
    from ecc_atlas.analysis.shift_share import shift_share

    def compute() -> pa.Table:
        table = read_table(input_path, text_columns=[region, item])
        cols = {"region": region, "item": item, "value": value, "time": year}
        ref = None
        if reference is not None:
            ref = _memtable(read_table(reference, text_columns=[item]))
        result = shift_share(
            _memtable(table),
            start=start,
            end=end,
            cols=cols,
            reference=ref,
            reference_cols={"item": item, "value": value, "time": year},
        ).to_pyarrow()
        write_table(result, out)
        return result

    _done(out, _run(compute).num_rows)


def _events(specs: list[str]) -> list[Any]:
    from ecc_atlas.analysis._common import AnalysisError
    from ecc_atlas.analysis.scenarios import Event

    events = []
    for spec in specs:
        parts = spec.split(":")
        try:
            name, year, jobs = parts[0], int(parts[1]), float(parts[2])
            ramp = int(parts[3]) if len(parts) > 3 else 1
        except (IndexError, ValueError) as exc:
            raise AnalysisError(
                f"Cannot read the event {spec!r}; write NAME:YEAR:JOBS[:RAMP_YEARS]."
            ) from exc
        events.append(Event(name, year, jobs, None, ramp))
    return events


@analyze_app.command("forecast")
def forecast_command(
    input_path: InputOption,
    out: OutOption,
    group: Annotated[
        list[str], typer.Option("--group", help="Grouping column (repeat for several), e.g. ssyk.")
    ],
    flows: Annotated[
        Path | None,
        typer.Option(
            "--flows",
            help=(
                "File with yearly separations (incl. retirements), retirements and "
                "optionally hires per group; needed for --replacement exits_and_moves "
                "and for the backtest."
            ),
        ),
    ] = None,
    year: Annotated[str, typer.Option("--year", help="Year column (both files).")] = "year",
    age_band: Annotated[
        str, typer.Option("--age-band", help="Age-band column ('45-49').")
    ] = "age_band",
    sex: Annotated[
        str | None, typer.Option("--sex", help="Sex column (F/M); omit for one profile.")
    ] = None,
    employees: Annotated[str, typer.Option("--employees", help="Headcount column.")] = "employees",
    separations: Annotated[
        str, typer.Option("--separations", help="Separations column of --flows.")
    ] = "separations",
    retirements: Annotated[
        str, typer.Option("--retirements", help="Retirements column of --flows.")
    ] = "retirements",
    hires: Annotated[
        str, typer.Option("--hires", help="Hires column of --flows (for the backtest).")
    ] = "hires",
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="Base year (default: latest).")
    ] = None,
    horizon: Annotated[int, typer.Option("--horizon", min=1, max=10, help="Years ahead.")] = 10,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", help="trend (default) or event; repeat for several."),
    ] = None,
    replacement: Annotated[
        str,
        typer.Option(
            "--replacement",
            help="exits (permanent exits only) or exits_and_moves (also moves out).",
        ),
    ] = "exits_and_moves",
    event: Annotated[
        list[str] | None,
        typer.Option(
            "--event", help="NAME:YEAR:JOBS[:RAMP_YEARS] in the base year's mix (scenario event)."
        ),
    ] = None,
) -> None:
    """Recruitment need: the stock-flow cohort forecast per group, with interval and backtest.

    Input: one row per group × year × age band (× sex) with a headcount.
    Exits: retirement mostly at 63–67, deaths and other exits by age and sex.
    Moves out are calibrated on --flows (see docs/methods/recruitment-need.md).
    Output columns, one row per scenario × group × forecast year:

    the --group columns
    scenario — trend or event
    replacement — the definition: exits or exits_and_moves
    step, year — 1 … horizon, and the calendar year
    employees_base — headcount in the base year
    move_rate — yearly share of the group moving out (central)
    growth — trend growth per year before damping
    employment_low, employment_central, employment_high — end of the year
    expansion — ΔE, change of employment (central; may be negative)
    retirements — retirements in the year
    permanent_exits — retirements, deaths and other permanent exits
    moves — moves out to other employers, occupations or regions
    reductions — cuts when employment falls faster than people leave
    entries — hires
    replacement_demand — permanent exits, plus moves under exits_and_moves
    openings_low, openings_central, openings_high — openings (persons per year)
    backtest_base_year — base year of the backtest
    backtest_mape — MAPE of the group's openings (of employment without hires)
    backtest_mape_overall — MAPE of the total
    """
    from ecc_atlas.analysis.backtest import backtest
    from ecc_atlas.analysis.stockflow import stock_flow_arrow

    def compute() -> pa.Table:
        text = [*group, age_band, *([sex] if sex else [])]
        wf = _memtable(read_table(input_path, text_columns=text))
        fl = _memtable(read_table(flows, text_columns=group)) if flows else None
        cols = {
            "year": year,
            "employees": employees,
            "age_band": age_band,
            "sex": sex,
            "separations": separations,
            "retirements": retirements,
            "hires": hires,
        }
        result = stock_flow_arrow(
            wf,
            fl,
            by=group,
            base_year=base_year,
            horizon=horizon,
            scenario=scenario or ["trend"],
            replacement=replacement,
            events=_events(event or []),
            cols=cols,
        )
        result = _with_backtest(result, wf, fl, group, base_year, horizon, cols, backtest)
        write_table(result, out)
        return result

    _done(out, _run(compute).num_rows)


def _with_backtest(
    result: pa.Table,
    wf: Any,
    fl: Any,
    group: list[str],
    base_year: int | None,
    horizon: int,
    cols: dict[str, str | None],
    backtest: Any,
) -> pa.Table:
    from ecc_atlas.analysis._common import AnalysisError

    n = result.num_rows
    empty = {
        "backtest_base_year": pa.nulls(n, pa.int64()),
        "backtest_mape": pa.nulls(n, pa.float64()),
        "backtest_mape_overall": pa.nulls(n, pa.float64()),
    }
    rows: list[dict[str, Any]] = []
    if fl is not None:
        base = int(result.column("year")[0].as_py()) - int(result.column("step")[0].as_py())
        try:
            rows = (
                backtest(
                    wf.filter(wf[cols["year"]] <= base),
                    fl,
                    by=group,
                    horizon=min(horizon, 5),
                    cols=cols,
                )
                .to_pyarrow()
                .to_pylist()
            )
        except AnalysisError as exc:
            err_console.print(f"[yellow]No backtest:[/] {exc}", highlight=False)
    if not rows:
        for name, column in empty.items():
            result = result.append_column(name, column)
        return result
    measure = "openings" if any(r["measure"] == "openings" for r in rows) else "employment"
    overall = next(r for r in rows if r["scope"] == "overall" and r["measure"] == measure)
    per = {
        tuple(str(r[k]) for k in group): r["mape"]
        for r in rows
        if r["scope"] == "group" and r["measure"] == measure
    }
    keys = zip(*[result.column(k).to_pylist() for k in group], strict=True)
    mape = [per.get(tuple(str(v) for v in key)) for key in keys]
    err_console.print(
        f"Backtest from {overall['base_year']}: MAPE of {measure} "
        f"{100 * (overall['mape'] or 0):.1f} % overall",
        highlight=False,
    )
    result = result.append_column(
        "backtest_base_year", pa.array([overall["base_year"]] * n, pa.int64())
    )
    result = result.append_column("backtest_mape", pa.array(mape, pa.float64()))
    return result.append_column(
        "backtest_mape_overall", pa.array([overall["mape"]] * n, pa.float64())
    )


@analyze_app.command("balance")
def balance_command(
    demand: Annotated[
        Path, typer.Option("--demand", help="File with openings per year per group.")
    ],
    supply: Annotated[Path, typer.Option("--supply", help="File with supply per year per group.")],
    out: OutOption,
    group: Annotated[str, typer.Option("--group", help="Group column in every file.")] = "ssyk",
    openings: Annotated[
        str, typer.Option("--openings", help="Openings column of --demand.")
    ] = "openings",
    supply_value: Annotated[
        str, typer.Option("--supply-value", help="Supply column of --supply.")
    ] = "supply",
    difficulty: Annotated[
        Path | None,
        typer.Option(
            "--difficulty",
            help=(
                "Optional file with employer-reported difficulty (1–5) per group, "
                "column 'difficulty'."
            ),
        ),
    ] = None,
    barometer: Annotated[
        Path | None,
        typer.Option(
            "--barometer",
            help=(
                "Optional file with Arbetsförmedlingen's rekryteringssituation per group, "
                "column 'rekryteringssituation'."
            ),
        ),
    ] = None,
    ads: Annotated[
        Path | None,
        typer.Option(
            "--ads", help="Optional file with job-ad pressure per group, column 'ad_pressure'."
        ),
    ] = None,
) -> None:
    """Supply against openings per group, and the reconciled shortage list.

    Output columns, one row per group of --demand:

    the --group column
    employees_base — empty (not part of the input)
    openings_low, openings_per_year, openings_high — openings per year (--demand)
    supply_per_year — supply per year (0 when absent from --supply)
    gap — openings − supply (positive: too few)
    supply_demand_ratio — supply / openings
    band — Lightcast's band: undersupplied (≤ 0.59) … oversupplied (≥ 1.5)
    supplied — the group has supply
    forecast_signal — brist / balans / överskott from the band
    difficulty, difficulty_signal — employer-reported difficulty (1–5) and its signal
    yrkesbarometer, barometer_signal — Arbetsförmedlingen's category and its signal
    ad_pressure, ad_signal — job-ad pressure and its signal
    signals — number of signals present
    score — mean of the signals (brist +1, balans 0, överskott −1)
    verdict, verdict_en — brist / balans / överskott (shortage / balance / surplus)
    disagreement — true when the signals are not all the same
    """
    import ibis

    from ecc_atlas.analysis.balance import shortage_list, supply_demand

    def compute() -> pa.Table:
        d = read_table(demand, text_columns=[group])
        need = _memtable(d).select(
            ssyk=ibis._[group].cast("string"),
            employees_base=ibis.null("float64"),
            openings_low=ibis._[openings].cast("float64"),
            openings_per_year=ibis._[openings].cast("float64"),
            openings_high=ibis._[openings].cast("float64"),
        )
        s = _memtable(read_table(supply, text_columns=[group]))
        s = s.select(ssyk=s[group].cast("string"), supply_per_year=s[supply_value].cast("float64"))
        extra = {}
        for name, path, column in (
            ("difficulty", difficulty, "difficulty"),
            ("barometer", barometer, "rekryteringssituation"),
            ("ads", ads, "ad_pressure"),
        ):
            if path is None:
                continue
            t = _memtable(read_table(path, text_columns=[group]))
            if name == "barometer":
                from ecc_atlas.analysis.balance import _score

                t = t.select(
                    ssyk=t[group].cast("string"),
                    yrkesbarometer=t[column].cast("string"),
                    barometer_score=_score(t[column].cast("string")),
                )
            else:
                t = t.select(ssyk=t[group].cast("string"), **{column: t[column].cast("float64")})
            extra[name] = t
        result = shortage_list(supply_demand(need, s), **extra).to_pyarrow()
        result = result.rename_columns([group if c == "ssyk" else c for c in result.column_names])
        write_table(result, out)
        return result

    _done(out, _run(compute).num_rows)


def _load_extensions() -> None:
    for module in EXTENSIONS:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).register(analyze_app)


_load_extensions()
