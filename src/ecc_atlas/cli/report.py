"""``ecc-atlas report``: the annual report as HTML or PDF.

The command function :func:`report` is mounted on the main Typer app by ``cli/app.py``.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ecc_atlas.cli.runtime import CliError, console, fail, prepare

__all__ = ["Format", "Language", "report"]


class Format(StrEnum):
    """Output format."""

    html = "html"
    pdf = "pdf"


class Language(StrEnum):
    """Language of the report."""

    sv = "sv"
    en = "en"


def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="File to write (created or replaced atomically).",
            dir_okay=False,
            writable=True,
        ),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", help="html (one self-contained file) or pdf.")
    ] = Format.pdf,
    lang: Annotated[Language, typer.Option("--lang", help="Language: sv or en.")] = Language.sv,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of the report (default: the latest).")
    ] = None,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            envvar="ECC_ATLAS_HOME",
            help="Data home (database, warehouse). Default ./ecc-atlas-data.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the annual report: cover, summary of the headline figures, a chapter per
    dashboard page with its charts (vector SVG) and tables, method appendix and sources,
    page numbers and a table of contents (PDF via WeasyPrint)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    try:
        runtime = prepare(home, create=False)
        from ecc_atlas.cli.setup import ensure_initialised

        ensure_initialised(runtime.settings)
        from ecc_atlas.reports import ReportError, build_report
        from ecc_atlas.web.dashboard import data

        started = time.perf_counter()
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Gathering the report", total=None)

            def say(message: str) -> None:
                progress.update(task, description=message)

            try:
                build_report(fmt=fmt.value, lang=lang.value, year=year, out=out, progress=say)
            except (ReportError, data.DashboardError) as exc:
                raise CliError(str(exc)) from exc
            except OSError as exc:
                raise CliError(f"Cannot write {out}: {exc.strerror or exc}.") from exc
    except CliError as exc:
        raise fail(str(exc)) from None
    seconds = time.perf_counter() - started
    console.print(f"[green]Wrote[/] {out} ({fmt.value}, {lang.value}) in {seconds:.1f} s")


if __name__ == "__main__":  # until the main app mounts it: python -m ecc_atlas.cli.report
    typer.run(report)
