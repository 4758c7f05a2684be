"""`ecc-atlas analyze skills`: find energy competences in job ads and aggregate them.

Registered on the ``analyze`` sub-app by :func:`register` (see ``cli/analyze.py``). Reads
JSON Lines (JobTech JobSearch/historical ads, the older upper-case format, or rows of the
``job_ads`` dataset) or Parquet (the ``job_ads`` dataset), writes one CSV row per mention —
``ad_id, skill_id, label, term, start, end`` (offsets into headline + blank line +
description) — and, on request, the shares per period (and SSYK / kommun / län), the
emerging skills and the co-occurring pairs. Work is split over the cores; ``--engine
pyspark`` runs the same matcher on a local Spark session instead.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import typer

from ecc_atlas.cli.runtime import console, fail

if TYPE_CHECKING:
    from ecc_atlas.reference.skills import SkillVocabulary

__all__ = ["register", "skills"]


class Language(StrEnum):
    """Language of the labels."""

    sv = "sv"
    en = "en"


class Engine(StrEnum):
    """Where the work runs."""

    duckdb = "duckdb"
    pyspark = "pyspark"


class Period(StrEnum):
    """Period of the shares."""

    month = "month"
    quarter = "quarter"
    year = "year"
    all = "all"


class By(StrEnum):
    """Grouping of the shares besides the period."""

    ssyk = "ssyk"
    kommun = "kommun"
    lan = "lan"


class SkillsProblem(Exception):
    """The command cannot run as asked; the message says why."""


def register(app: typer.Typer) -> None:
    """Add the command ``skills`` to ``app`` (the ``analyze`` sub-app)."""
    app.command("skills")(skills)


def _vocabulary(taxonomy: Path | None) -> SkillVocabulary | None:
    if taxonomy is None:
        return None
    from ecc_atlas.reference.skills import jobtech_skill_concepts, skill_vocabulary

    try:
        data = json.loads(taxonomy.read_text(encoding="utf-8"))
        concepts = jobtech_skill_concepts(data)
    except (OSError, ValueError) as exc:
        raise SkillsProblem(f"Cannot read the JobTech taxonomy {taxonomy}: {exc}") from exc
    return skill_vocabulary().with_jobtech(concepts)


def _write(table: pa.Table, path: Path) -> None:
    if path.suffix.lower() == ".parquet":
        pq.write_table(table, path)
    elif path.suffix.lower() == ".csv":
        pacsv.write_csv(table, path)
    else:
        raise SkillsProblem(f"Unknown output type {path.suffix!r} of {path}; use .csv or .parquet.")


def _labelled(table: pa.Table, lang: str, vocabulary: SkillVocabulary | None) -> pa.Table:
    from ecc_atlas.reference.skills import skill_vocabulary

    vocab = vocabulary or skill_vocabulary()
    for column in [c for c in table.column_names if c.startswith("skill_")]:
        labels = [vocab.skill(i).label(lang) if i else None for i in table[column].to_pylist()]
        name = "label" + column[len("skill") :] if column != "skill_id" else "label"
        table = table.append_column(name, pa.array(labels, pa.string()))
    return table


def _aggregates(
    ads: Any, found: Any, *, options: dict[str, Any], vocabulary: SkillVocabulary | None
) -> list[str]:
    """Write the requested aggregate files from Ibis tables ``ads`` and ``found``."""
    from ecc_atlas.analysis import skills_demand

    written = []
    lang = options["lang"]
    if options["shares_out"] is not None:
        shares = skills_demand.skill_shares(
            ads, found, period=options["period"], by=tuple(options["by"])
        ).to_pyarrow()
        _write(_labelled(shares, lang, vocabulary), options["shares_out"])
        written.append(str(options["shares_out"]))
    if options["emerging_out"] is not None:
        emerging = skills_demand.emerging_skills(
            ads,
            found,
            recent_months=options["recent_months"],
            baseline_months=options["baseline_months"],
            min_count=options["min_count"],
        ).to_pyarrow()
        _write(_labelled(emerging, lang, vocabulary), options["emerging_out"])
        written.append(str(options["emerging_out"]))
    if options["pairs_out"] is not None:
        pairs = skills_demand.co_occurrence(
            found, ads=ads, min_count=options["min_pair_count"]
        ).to_pyarrow()
        _write(_labelled(pairs, lang, vocabulary), options["pairs_out"])
        written.append(str(options["pairs_out"]))
    return written


def _run_local(
    source: Path, out: Path, vocabulary: SkillVocabulary | None, options: dict[str, Any]
) -> tuple[int, int, list[str]]:
    import ibis

    from ecc_atlas.analysis.skills_extract import ad_skills, auto_workers, extract_mentions
    from ecc_atlas.analysis.skills_jsonl import CSV_COLUMNS, extract_jsonl

    columns = [*CSV_COLUMNS, *(["section"] if options["with_section"] else [])]
    aggregate = any(options[k] is not None for k in ("shares_out", "emerging_out", "pairs_out"))
    if source.suffix.lower() == ".parquet":
        table = pq.read_table(source)
        workers = options["workers"] or auto_workers(table.num_rows)
        mentions = extract_mentions(
            table, vocabulary=vocabulary, lang=options["lang"], workers=workers
        )
        pacsv.write_csv(mentions.select(columns), out)
        keep = [c for c in ("ad_id", "ssyk", "kommun_code", "lan_code", "publication_date")
                if c in table.column_names]  # fmt: skip
        ads, found, n_ads, n_mentions = (
            table.select(keep),
            ad_skills(mentions),
            table.num_rows,
            (mentions.num_rows),
        )
    else:
        result = extract_jsonl(
            source,
            out_csv=out,
            with_section=options["with_section"],
            keep_ad_skills=aggregate,
            vocabulary=vocabulary,
            lang=options["lang"],
            workers=options["workers"] or os.cpu_count() or 1,
        )
        if result.invalid_lines:
            first = result.invalid_lines[0]
            console.print(
                f"[yellow]Skipped {len(result.invalid_lines):,} line(s) that are not job ads "
                f"with an id (first: line {first}).[/]"
            )
        ads, found = result.ads, result.ad_skills
        n_ads, n_mentions = result.ads.num_rows, result.mention_count
    written: list[str] = []
    if aggregate:
        con = ibis.duckdb.connect()
        written = _aggregates(
            con.create_table("ads", ads),
            con.create_table("ad_skills", found),
            options=options,
            vocabulary=vocabulary,
        )
    return n_ads, n_mentions, written


def _run_spark(
    source: Path, out: Path, vocabulary: SkillVocabulary | None, options: dict[str, Any]
) -> tuple[int, int, list[str]]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from ecc_atlas.analysis.skills_jsonl import CSV_COLUMNS
    from ecc_atlas.analysis.skills_spark import read_ads, spark_ad_skills, spark_mentions
    from ecc_atlas.warehouse import connect

    con = connect("pyspark")
    session = con._session
    if str(session.sparkContext.master).startswith("local"):
        # Spark's default of 200 shuffle partitions costs seconds per join on one machine
        session.conf.set("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
    columns = [*CSV_COLUMNS, *(["section"] if options["with_section"] else [])]
    ads = read_ads(session, source).persist()
    mentions = spark_mentions(ads, vocabulary=vocabulary, lang=options["lang"]).persist()
    parts = Path(tempfile.mkdtemp(prefix="ecc-atlas-mentions-"))
    try:
        mentions.select(*columns).write.mode("overwrite").csv(str(parts / "csv"), header=False)
        with out.open("w", encoding="utf-8", newline="") as handle:
            handle.write(",".join(f'"{c}"' for c in columns) + "\n")
            for part in sorted((parts / "csv").glob("part-*")):
                with part.open("r", encoding="utf-8") as chunk:
                    shutil.copyfileobj(chunk, handle)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    ads.createOrReplaceTempView("skills_ads")
    spark_ad_skills(mentions).createOrReplaceTempView("skills_ad_skills")
    written = []
    if any(options[k] is not None for k in ("shares_out", "emerging_out", "pairs_out")):
        written = _aggregates(
            con.table("skills_ads"), con.table("skills_ad_skills"),
            options=options, vocabulary=vocabulary,
        )  # fmt: skip
    return ads.count(), mentions.count(), written


def skills(
    input_: Annotated[
        Path,
        typer.Option(
            "--input",
            help="Job ads: JSON Lines (JobTech JobSearch/historical format, the older "
            "upper-case format, or job_ads rows) or Parquet (the job_ads dataset).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Mentions CSV to write: ad_id, skill_id, label, term, start, end "
            "(offsets into headline + blank line + description).",
            show_default=False,
        ),
    ],
    lang: Annotated[Language, typer.Option("--lang", help="Language of labels.")] = Language.sv,
    with_section: Annotated[
        bool, typer.Option("--with-section", help="Add a column section: requirement/merit/other.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Processes to use (0: all cores).")
    ] = 0,
    engine: Annotated[
        Engine, typer.Option("--engine", help="duckdb (local, all cores) or pyspark.")
    ] = Engine.duckdb,
    shares_out: Annotated[
        Path | None,
        typer.Option("--shares-out", help="Write the share of ads per skill and period."),
    ] = None,
    period: Annotated[Period, typer.Option("--period", help="Period of the shares.")] = (
        Period.month
    ),
    by: Annotated[
        list[By] | None, typer.Option("--by", help="Also group the shares by this (repeatable).")
    ] = None,
    emerging_out: Annotated[
        Path | None, typer.Option("--emerging-out", help="Write the emerging skills.")
    ] = None,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Emerging: least ads in the recent window.")
    ] = 10,
    recent_months: Annotated[
        int, typer.Option("--recent-months", min=1, help="Emerging: months of the recent window.")
    ] = 12,
    baseline_months: Annotated[
        int, typer.Option("--baseline-months", min=1, help="Emerging: months before it.")
    ] = 12,
    pairs_out: Annotated[
        Path | None, typer.Option("--pairs-out", help="Write the skills named together.")
    ] = None,
    min_pair_count: Annotated[
        int, typer.Option("--min-pair-count", min=1, help="Pairs: least ads naming both.")
    ] = 5,
    jobtech_taxonomy: Annotated[
        Path | None,
        typer.Option(
            "--jobtech-taxonomy",
            help="Merge the labels of linked JobTech skill concepts (taxonomy JSON) into "
            "the vocabulary.",
        ),
    ] = None,
) -> None:
    """Find energy competences in job ads: one CSV row per mention, plus aggregates."""
    options = {
        "lang": lang.value, "with_section": with_section, "workers": workers,
        "shares_out": shares_out, "period": period.value, "by": [b.value for b in by or []],
        "emerging_out": emerging_out, "min_count": min_count, "recent_months": recent_months,
        "baseline_months": baseline_months, "pairs_out": pairs_out,
        "min_pair_count": min_pair_count,
    }  # fmt: skip
    started = time.perf_counter()
    try:
        if not input_.is_file():
            raise SkillsProblem(f"The input file {input_} does not exist.")
        vocabulary = _vocabulary(jobtech_taxonomy)
        run = _run_spark if engine is Engine.pyspark else _run_local
        n_ads, n_mentions, written = run(input_, out, vocabulary, options)
    except SkillsProblem as exc:
        raise fail(str(exc)) from None
    except (ValueError, OSError) as exc:
        raise fail(f"{type(exc).__name__}: {exc}") from None
    seconds = time.perf_counter() - started
    rate = n_ads / seconds if seconds > 0 else 0.0
    console.print(
        f"{n_ads:,} ads, {n_mentions:,} mentions → {out} ({seconds:.1f} s, {rate:,.0f} ads/s)",
        highlight=False,
    )
    for path in written:
        console.print(f"  also {path}", highlight=False)
