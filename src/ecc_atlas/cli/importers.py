"""`ecc-atlas import …`: SCB tables, Yrkesbarometer, job ads, the registry, workforce
deliveries, education programmes and employer survey workbooks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ecc_atlas.cli.runtime import CliError, console, err_console, fail, prepare

if TYPE_CHECKING:
    from ecc_atlas.warehouse import Catalog

__all__ = ["import_app"]

import_app = typer.Typer(
    help=(
        "Import data: SCB tables (PxWeb), Arbetsförmedlingen's Yrkesbarometer, JobTech job ads "
        "and taxonomy, "
        "the organisation registry, workforce deliveries and education programmes (CSV/XLSX), "
        "employer survey workbooks (XLSX). "
        "Every import is atomic (all of it or nothing), idempotent (the same input twice "
        "changes nothing) and recorded with its provenance."
    ),
    no_args_is_help=True,
)

HomeOption = Annotated[
    str | None,
    typer.Option(
        "--home",
        envvar="ECC_ATLAS_HOME",
        help="Data home (database, warehouse). Default ./ecc-atlas-data.",
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Check and summarise the input; write nothing.")
]
MaxErrorsOption = Annotated[
    int, typer.Option("--max-errors", min=1, help="Stop after this many problems in the input.")
]
FileArgument = Annotated[
    Path | None,
    typer.Argument(help="The CSV or XLSX file to import.", show_default=False, dir_okay=False),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="Write the template (.xlsx with instructions, or .csv) to this file and stop.",
        dir_okay=False,
        show_default=False,
    ),
]


class Target(StrEnum):
    """Special mappings of an SCB table onto a dataset of the contract."""

    population = "population"


class Lang(StrEnum):
    """Language of labels in PxWeb responses."""

    sv = "sv"
    en = "en"


class UnknownCodes(StrEnum):
    """What to do with a kommun/län/SSYK code that is not in the reference lists."""

    error = "error"
    null = "null"


def _catalog(home: str | None) -> Catalog:
    from ecc_atlas.warehouse import Catalog

    runtime = prepare(home, create=False)
    return Catalog(runtime.settings.warehouse_dir)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and exit code 2."""
    from ecc_atlas.ingest.errors import IngestError
    from ecc_atlas.warehouse import WarehouseError

    try:
        yield
    except IngestError as exc:
        raise fail(escape(exc.summary())) from None
    except (CliError, WarehouseError, ValueError, OSError) as exc:
        raise fail(escape(str(exc))) from None


@contextmanager
def _progress(label: str, *, in_bytes: bool) -> Iterator[Callable[[int, int], None]]:
    columns = [TextColumn("{task.description}"), BarColumn()]
    columns.append(DownloadColumn() if in_bytes else MofNCompleteColumn())
    columns.append(TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _pairs(values: list[str], option: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise CliError(f"{option} takes VARIABLE=VALUES, e.g. {option} Region=19,1980")
        result.setdefault(name.strip(), []).extend(v.strip() for v in rest.split(",") if v.strip())
    return result


def _show(summary: object) -> None:
    from ecc_atlas.ingest.base import ImportSummary

    assert isinstance(summary, ImportSummary)
    if not summary.dry_run:
        import getpass

        from ecc_atlas.web.accounts import audit

        audit.record(getpass.getuser(), "import", target=summary.input, details=summary.to_json())
    verb = "Dry run, nothing written:" if summary.dry_run else "Imported"
    console.print(f"{verb} {summary.input}", highlight=False, soft_wrap=True)
    table = Table()
    for column in ("dataset", "status", "rows", "added", "replaced"):
        table.add_column(column, justify="left" if column in ("dataset", "status") else "right")
    for change in summary.datasets:
        status = "unchanged" if change.status == "unchanged" else change.status
        table.add_row(
            change.name,
            status,
            f"{change.rows:,}",
            f"{change.rows_added:,}",
            f"{change.rows_replaced:,}",
        )
    console.print(table)
    for key, value in summary.counts.items():
        if value:
            console.print(f"  {key.replace('_', ' ')}: {value:,}")
    for note in summary.notes:
        console.print(f"[yellow]Note:[/] {escape(note)}")
    if not summary.dry_run and not summary.changed:
        where = "registry" if summary.importer == "registry" else "warehouse"
        console.print(f"Unchanged: the {where} already holds exactly this import.")


@import_app.command("scb")
def scb(
    path_or_table_id: Annotated[
        str,
        typer.Argument(
            help="A saved PxWeb response (JSON-stat 2, JSON-stat, CSV) or a table id such as "
            "TAB638 to fetch from the API.",
            show_default=False,
        ),
    ],
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Name of the dataset to write.")
    ] = None,
    as_: Annotated[
        Target | None,
        typer.Option(
            "--as",
            help="Map the table onto a contract dataset: 'population' (Region × Tid) replaces "
            "the approximate bundled populations.",
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of labels (API).")] = Lang.sv,
    api_url: Annotated[
        str, typer.Option("--api-url", help="Base URL of the PxWeb v2 API.")
    ] = "https://statistikdatabasen.scb.se/api/v2",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="VARIABLE=CODES to fetch (API), e.g. Region=19,1980 or Tid=* ; repeatable. "
            "Variables left out are eliminated when the table allows it, else fetched whole.",
        ),
    ] = None,
    codelist: Annotated[
        list[str] | None,
        typer.Option("--codelist", help="VARIABLE=CODELIST_ID (API), e.g. Region=vs_RegionLän07."),
    ] = None,
    csv_stub: Annotated[
        int | None,
        typer.Option("--csv-stub", min=1, help="CSV: number of leading variable columns."),
    ] = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import an SCB table: a saved PxWeb response or a table fetched from the PxWeb v2 API."""
    from ecc_atlas.ingest.scb import import_scb_api, import_scb_file

    with _errors():
        catalog = _catalog(home)
        as_population = as_ is Target.population
        path = Path(path_or_table_id)
        if path.exists():
            summary = import_scb_file(
                catalog,
                path,
                dataset=dataset,
                as_population=as_population,
                dry_run=dry_run,
                max_errors=max_errors,
                stub_columns=csv_stub,
            )
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{1,40}", path_or_table_id):
            selection = _pairs(select or [], "--select")
            codelists = {k: v[0] for k, v in _pairs(codelist or [], "--codelist").items()}
            with _progress(f"SCB {path_or_table_id}", in_bytes=False) as progress:
                summary = import_scb_api(
                    catalog,
                    path_or_table_id,
                    api_url=api_url,
                    lang=lang.value,
                    selection=selection,
                    codelists=codelists,
                    dataset=dataset,
                    as_population=as_population,
                    dry_run=dry_run,
                    max_errors=max_errors,
                    progress=progress,
                )
        else:
            raise CliError(f"{path_or_table_id} is neither a file nor an SCB table id (TAB638).")
    _show(summary)


@import_app.command("yrkesbarometer")
def yrkesbarometer(
    path_or_url: Annotated[
        str,
        typer.Argument(
            help="The Yrkesbarometer JSON file, or its URL "
            "(https://data.arbetsformedlingen.se/prognoser/yrkesbarometer.json).",
            show_default=False,
        ),
    ],
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import Arbetsförmedlingen's Yrkesbarometer; a round imported again replaces that round."""
    from ecc_atlas.ingest.yrkesbarometer import import_yrkesbarometer

    with _errors():
        catalog = _catalog(home)
        summary = import_yrkesbarometer(
            catalog, path_or_url, dry_run=dry_run, max_errors=max_errors
        )
    _show(summary)


@import_app.command("jobtech-taxonomy")
def jobtech_taxonomy(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A saved taxonomy document: the legacy dump, a REST concept list or a "
            "GraphQL answer. Leave out with --api.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    api: Annotated[
        bool, typer.Option("--api", help="Fetch the concepts from the Taxonomy API instead.")
    ] = False,
    api_url: Annotated[
        str, typer.Option("--api-url", help="Base URL of the Taxonomy API (with --api).")
    ] = "https://taxonomy.api.jobtechdev.se/v1/taxonomy",
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="Concept type to import (repeat; default: ssyk-level-4, occupation-name, "
            "skill, municipality, region). The legacy dump's occupation-group is ssyk-level-4.",
        ),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            help="Taxonomy version to record (default: the API's latest; 'legacy' for the "
            "legacy dump; 'unknown' otherwise).",
        ),
    ] = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import the JobTech Taxonomy (occupation groups, occupation names, skills, regions).

    The types imported replace those types in the dataset jobtech_taxonomy; once it is there,
    the skill figures merge the labels of the JobTech skills linked from the vocabulary.
    """
    from ecc_atlas.ingest.jobtech_taxonomy import DEFAULT_TYPES, import_jobtech_taxonomy

    if api == (path is not None):
        raise fail("Give either a taxonomy file or --api.")
    with _errors():
        catalog = _catalog(home)
        with _progress("JobTech taxonomy", in_bytes=False) as progress:
            summary = import_jobtech_taxonomy(
                catalog,
                None if api else str(path),
                api_url=api_url if api else None,
                types=types or DEFAULT_TYPES,
                version=version,
                dry_run=dry_run,
                max_errors=max_errors,
                progress=progress,
            )
    _show(summary)


@import_app.command("jobtech-ads")
def jobtech_ads(
    path: Annotated[
        Path,
        typer.Argument(
            help="Job ads: JSON Lines (one ad per line) or a JSON list, in the JobSearch "
            "format or the older upper-case format.",
            show_default=False,
        ),
    ],
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset to write.")] = "job_ads",
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Ads converted per batch (memory bound).")
    ] = 20_000,
    window_days: Annotated[
        int,
        typer.Option(
            "--window-days",
            min=0,
            help="Same employer+headline+kommun within N days is a duplicate.",
        ),
    ] = 30,
    unknown_codes: Annotated[
        UnknownCodes,
        typer.Option("--unknown-codes", help="A code not in the reference lists: error or null."),
    ] = UnknownCodes.error,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import job ads, streamed with bounded memory and deduplicated."""
    from ecc_atlas.ingest.jobtech import import_job_ads

    with _errors():
        catalog = _catalog(home)
        with _progress(path.name, in_bytes=True) as progress:
            summary = import_job_ads(
                catalog,
                path,
                dataset=dataset,
                dry_run=dry_run,
                batch_size=batch_size,
                window_days=window_days,
                unknown_codes=unknown_codes.value,
                max_errors=max_errors,
                progress=progress,
            )
    _show(summary)


def _template_writer(kind: str) -> Callable[[Path], Path]:
    from ecc_atlas.ingest import programmes, registry_spec, workforce

    writers: dict[str, Callable[[Path], Path]] = {
        "registry": registry_spec.write_registry_template,
        "workforce": workforce.write_workforce_template,
        "programmes": programmes.write_programmes_template,
    }
    return writers[kind]


def _importer(kind: str) -> Callable[..., Any]:
    if kind == "registry":
        from ecc_atlas.services.registry_import import import_registry  # needs Django set up

        return import_registry
    from ecc_atlas.ingest import programmes, workforce

    return workforce.import_workforce if kind == "workforce" else programmes.import_programmes


def _file_import(
    kind: str,
    path: Path | None,
    template: Path | None,
    dry_run: bool,
    max_errors: int,
    home: str | None,
) -> None:
    """Write the template, or import the file with a progress bar (rows read)."""
    from django.db import DatabaseError

    with _errors():
        if template is not None:
            written = _template_writer(kind)(template)
            console.print(f"Template written: {written}", highlight=False)
            return
        if path is None:
            raise CliError("Give the FILE to import (or --template FILE to get a template).")
        catalog = _catalog(home)  # sets up Django before the registry importer is imported
        importer = _importer(kind)
        try:
            with _progress(path.name, in_bytes=False) as progress:
                summary = importer(
                    catalog, path, dry_run=dry_run, max_errors=max_errors, progress=progress
                )
        except DatabaseError as exc:
            raise CliError(f"Database error: {exc} (is the data home initialised?)") from None
    _show(summary)


@import_app.command("registry")
def registry(
    path: FileArgument = None,
    template: TemplateOption = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import organisations, workplaces, segments and delimitation decisions (CSV/XLSX).

    Organisations are matched by organisation number: the same file twice changes nothing,
    a corrected file updates them. Written in one database transaction.
    """
    _file_import("registry", path, template, dry_run, max_errors, home)


@import_app.command("workforce")
def workforce(
    path: FileArgument = None,
    template: TemplateOption = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import a register-data delivery (employees per organisation × year) into 'workforce'.

    The years in the file replace those years' rows; other years stay.
    """
    _file_import("workforce", path, template, dry_run, max_errors, home)


@import_app.command("programmes")
def programmes(
    path: FileArgument = None,
    template: TemplateOption = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import education programmes (places, graduates, target SSYK, retention).

    The provider × year pairs in the file replace those rows; others stay.
    """
    _file_import("programmes", path, template, dry_run, max_errors, home)


@import_app.command("survey")
def survey(
    path: FileArgument = None,
    round_year: Annotated[
        int | None,
        typer.Option(
            "--round", help="The survey round (year) the file answers.", min=2000, max=2100
        ),
    ] = None,
    submit: Annotated[
        bool, typer.Option("--submit", help="Submit the answers (otherwise they stay a draft).")
    ] = False,
    org: Annotated[
        str | None,
        typer.Option("--org", help="With --template: the organisation number to prefill."),
    ] = None,
    template: TemplateOption = None,
    dry_run: DryRunOption = False,
    max_errors: MaxErrorsOption = 20,
    home: HomeOption = None,
) -> None:
    """Import an employer survey workbook (the XLSX template) as an organisation's response.

    The file's sheet 'response' names the organisation and the round, which must be open
    and equal --round. The answers replace the organisation's answers in the round, in one
    database transaction; the same file twice changes nothing.
    """
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError

    with _errors():
        if not round_year:
            raise CliError("Give the survey round with --round YEAR.")
        if template is not None:
            from ecc_atlas.ingest.survey_files import write_survey_template

            if not org:
                raise CliError("--template needs --org ORGANISATION_NUMBER.")
            written = write_survey_template(template, org_number=org, survey_year=round_year)
            console.print(f"Template written: {written}", highlight=False)
            return
        if path is None:
            raise CliError("Give the FILE to import (or --template FILE to get a template).")
        _catalog(home)  # sets up Django before the survey service is imported
        from ecc_atlas.ingest.survey_files import read_survey_file
        from ecc_atlas.services import survey as service
        from ecc_atlas.web.accounts import audit

        parsed = read_survey_file(path, max_errors=max_errors)
        if parsed.survey_year != round_year:
            raise CliError(
                f"{path.name} answers the round {parsed.survey_year}, not --round {round_year}."
            )
        try:
            stored = service.store_file(
                parsed, user=audit.cli_actor(), submit_now=submit, dry_run=dry_run
            )
        except (service.SurveyClosed, service.SurveyIncomplete) as exc:
            raise CliError(str(exc)) from None
        except ValidationError as exc:
            raise CliError("; ".join(exc.messages)) from None
        except DatabaseError as exc:
            raise CliError(f"Database error: {exc} (is the data home initialised?)") from None
    verb = "Dry run, nothing written:" if dry_run else "Imported"
    state = "submitted" if stored.submitted else "draft"
    console.print(
        f"{verb} {escape(path.name)}: {stored.rows} answer rows of "
        f"{escape(stored.organisation.name)} ({stored.organisation.org_number}) in the survey "
        f"{stored.survey_year} ({state}); {stored.replaced} earlier rows replaced.",
        highlight=False,
        soft_wrap=True,
    )
    if stored.unchanged:
        console.print("Unchanged: the registry already holds exactly these answers.")
