"""`ecc-atlas suggest`: the current matchmaking suggestions, for scripts and reports."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from ecc_atlas.cli.runtime import CliError, console, fail, prepare

__all__ = ["suggest"]


class Kind(StrEnum):
    """Kinds of suggestion (docs/methods/matchmaking.md)."""

    shared_shortage = "shared_shortage"
    education = "education"
    research = "research"
    gap = "gap"


class Language(StrEnum):
    """Language of the reasons in the table."""

    sv = "sv"
    en = "en"


def suggest(
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            envvar="ECC_ATLAS_HOME",
            help="Data home (database, warehouse). Default ./ecc-atlas-data.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only this kind.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many open suggestions.")
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the reasons.")] = (
        Language.en
    ),
    region: Annotated[
        str, typer.Option("--region", help="Län or kommun code for the job-ad trends.")
    ] = "19",
) -> None:
    """Print the current matchmaking suggestions with their reasons and scores.

    Suggestions an analyst has acted on or dismissed are listed apart, with the decision
    (JSON: under "decided", each with "decision"). Methods: docs/methods/matchmaking.md.
    """
    from ecc_atlas.cli.setup import ensure_initialised

    try:
        runtime = prepare(home, create=False)
        ensure_initialised(runtime.settings)
        from ecc_atlas.services.context import AnalysisContext
        from ecc_atlas.services.suggestions import suggestions

        ctx = AnalysisContext.from_settings(runtime.settings)
        try:
            result = suggestions(ctx, kind=kind.value if kind else None, limit=limit, region=region)
        except (ValueError, LookupError) as exc:
            raise CliError(str(exc).strip("'\"")) from exc
    except CliError as exc:
        raise fail(str(exc)) from None
    if as_json:
        payload = result.to_json()
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print(result, lang.value)


def _print(result: Any, lang: str) -> None:
    from rich.table import Table

    table = Table(title=f"Suggestions ({len(result.open)})", show_lines=True)
    for column in ("kind", "score", "organisations", "occupations / skills", "reason"):
        table.add_column(column)
    for item in result.open:
        table.add_row(
            item.kind,
            f"{item.score:.2f}",
            ", ".join(a.name for a in item.organisations),
            ", ".join([*item.occupations, *item.skills]),
            item.reason(lang),
        )
    console.print(table)
    if result.decided:
        decided = Table(title=f"Decided ({len(result.decided)})")
        for column in ("kind", "decision", "by", "at", "note", "still suggested"):
            decided.add_column(column)
        for d in result.decided:
            decided.add_row(
                d.kind,
                d.decision,
                d.decided_by,
                f"{d.decided_at:%Y-%m-%d}",
                d.note,
                "yes" if d.suggestion is not None else "no",
            )
        console.print(decided)
    if result.sources:
        console.print("Sources: " + "; ".join(f"{k}: {v}" for k, v in result.sources.items()))
