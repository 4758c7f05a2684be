"""Commands: init, demo, serve, figures."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ecc_atlas import __version__
from ecc_atlas.cli.analyze import analyze_app
from ecc_atlas.cli.backup import backup, restore
from ecc_atlas.cli.importers import import_app
from ecc_atlas.cli.report import report
from ecc_atlas.cli.runtime import CliError, console, fail, prepare
from ecc_atlas.cli.suggest import suggest
from ecc_atlas.cli.users import users_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="ecc-atlas",
    help=(
        "ECC Atlas: gather, analyse, show and develop the energy competence of a region "
        "(Energy Competence Center, Västmanland). Data lives in the data home "
        "(--home, ECC_ATLAS_HOME, default ./ecc-atlas-data)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(import_app, name="import")
app.add_typer(analyze_app, name="analyze")
app.add_typer(users_app, name="users")
app.command(name="report")(report)
app.command(name="backup")(backup)
app.command(name="restore")(restore)
app.command(name="suggest")(suggest)

HomeOption = Annotated[
    str | None,
    typer.Option(
        "--home",
        envvar="ECC_ATLAS_HOME",
        help="Data home (database, warehouse). Default ./ecc-atlas-data.",
        show_default=False,
    ),
]
HostOption = Annotated[str, typer.Option("--host", help="Interface to listen on.")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")]
WorkersOption = Annotated[int, typer.Option("--workers", min=1, max=32, help="Worker processes.")]


def _version(value: bool) -> None:
    if value:
        console.print(f"ecc-atlas {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """ECC Atlas command line."""


@app.command()
def init(
    home: HomeOption = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Also load the synthetic Västmanland demo dataset.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the demo generator.")] = 20260101,
) -> None:
    """Create the data home, migrate the database, load reference data (and the demo).

    Safe to run again: a half-initialised home is completed, nothing is duplicated.
    """
    from ecc_atlas.cli.setup import initialise

    try:
        runtime = prepare(home, create=True)
        initialise(runtime.settings, demo=demo, seed=seed)
    except CliError as exc:
        raise fail(str(exc)) from None
    console.print(f"[green]Ready:[/] {runtime.settings.home}")


@app.command()
def serve(
    home: HomeOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: WorkersOption = 2,
) -> None:
    """Serve the dashboard, API and admin with gunicorn (a production server; DEBUG off)."""
    from ecc_atlas.cli.setup import ensure_initialised, run_server

    try:
        runtime = prepare(home, create=False)
        ensure_initialised(runtime.settings)
        run_server(runtime.settings, host=host, port=port, workers=workers)
    except CliError as exc:
        raise fail(str(exc)) from None


@app.command()
def demo(
    home: HomeOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: WorkersOption = 2,
) -> None:
    """Load the synthetic demo data if needed (init --demo), then serve the dashboard."""
    from ecc_atlas.cli.setup import demo_loaded, initialise, run_server

    try:
        runtime = prepare(home, create=True)
        if not demo_loaded(runtime.settings):
            initialise(runtime.settings, demo=True, seed=20260101)
        run_server(runtime.settings, host=host, port=port, workers=workers)
    except CliError as exc:
        raise fail(str(exc)) from None


@app.command()
def figures(
    home: HomeOption = None,
    region: Annotated[str, typer.Option("--region", help="Län code.")] = "19",
    year: Annotated[int | None, typer.Option("--year", help="Year (default: latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the headline figures of a region and year, computed from the records."""
    from ecc_atlas.cli.setup import ensure_initialised

    try:
        runtime = prepare(home, create=False)
        ensure_initialised(runtime.settings)
        from ecc_atlas.services.context import AnalysisContext
        from ecc_atlas.services.figures import headline_figures

        ctx = AnalysisContext.from_settings(runtime.settings)
        try:
            result = headline_figures(ctx, region=region, year=year)
        except (KeyError, ValueError, LookupError) as exc:
            raise CliError(str(exc).strip("'\"")) from exc
    except CliError as exc:
        raise fail(str(exc)) from None
    data = result.to_json()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    title = f"Län {data['region']}, {data['year']}"
    if data["synthetic"]:
        title += " — synthetic demo data"
    table = Table(title=title)
    for column in ("key", "value", "unit", "label_en", "source"):
        table.add_column(column)
    for fig in data["figures"]:
        value = fig["value"]
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        table.add_row(fig["key"], shown, fig["unit"], fig["label_en"], fig["source"])
    console.print(table)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def manage(ctx: typer.Context, home: HomeOption = None) -> None:
    """Run a Django management command on the data home, e.g. `ecc-atlas manage createsuperuser`.

    Analysts use the Django admin at /admin/ (Swedish) or /en/admin/ (English).
    """
    from django.core.management import execute_from_command_line

    try:
        prepare(home, create=False)
    except CliError as exc:
        raise fail(str(exc)) from None
    execute_from_command_line(["ecc-atlas manage", *ctx.args])


def main() -> None:
    """Entry point of the console script."""
    app()
