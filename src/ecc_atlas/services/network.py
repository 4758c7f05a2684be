"""The actor network from the collaboration records (needs Django set up).

Ties come from ``Participation`` (organisations in the same project; the project's period
``starts_on``–``ends_on``) and ``MeetingParticipant`` (organisations at the same meeting; its
date). **Members** — for "never part of a collaboration" — are the organisations with a
member account (``accounts.Membership``) or a submitted survey response: the organisations
that take part in ECC's work. The measures are :mod:`ecc_atlas.analysis.network`'s.

The network reveals non-public ties: show it to analysts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from ecc_atlas.analysis import network

__all__ = ["NetworkView", "affiliations", "members", "network_view", "years"]


def affiliations() -> list[dict[str, Any]]:
    """One row per organisation and project or meeting (see the analysis module)."""
    from ecc_atlas.web.collaboration.models import MeetingParticipant, Participation

    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for project_id, org, start, end in Participation.objects.values_list(
        "project_id", "organisation__org_number", "project__starts_on", "project__ends_on"
    ):
        event = f"project:{project_id}"
        if (event, org) in seen:  # one organisation in two roles counts once
            continue
        seen.add((event, org))
        rows.append(
            {"event_id": event, "event_kind": "project", "org": org, "start": start, "end": end}
        )
    for meeting_id, org, date in MeetingParticipant.objects.values_list(
        "meeting_id", "organisation__org_number", "meeting__date"
    ):
        rows.append(
            {"event_id": f"meeting:{meeting_id}", "event_kind": "meeting", "org": org,
             "start": date, "end": date}
        )  # fmt: skip
    return rows


def members() -> list[dict[str, str]]:
    """Organisations with a member account or a submitted survey response."""
    from django.db.models import Q

    from ecc_atlas.web.registry.models import Organisation

    query = Organisation.objects.filter(
        Q(memberships__isnull=False) | Q(survey_responses__status="submitted")
    ).distinct()
    return [
        {"org": o, "name": n, "kind": k}
        for o, n, k in query.order_by("name").values_list("org_number", "name", "kind")
    ]


def years(rows: list[dict[str, Any]]) -> list[int]:
    """The years the records span (for a period filter), ascending."""
    found: set[int] = set()
    for row in rows:
        start = row["start"].year
        end = row["end"].year if row["end"] is not None else start
        found.update(range(start, end + 1))
    return sorted(found)


@dataclass(frozen=True)
class NetworkView:
    """Everything the network page shows, for one period."""

    measures: pa.Table
    brokerage: pa.Table
    never_collaborated: pa.Table
    ties: pa.Table
    layout: pa.Table
    years: list[int]
    year_from: int | None
    year_to: int | None


def network_view(*, year_from: int | None = None, year_to: int | None = None) -> NetworkView:
    """The network of the period: measures, brokers, never-collaborated members, ties and a
    seeded layout. Nodes: the organisations with a tie in the period."""
    from ecc_atlas.web.registry.models import Organisation

    rows = affiliations()
    tie_table = network.ties(rows, year_from=year_from, year_to=year_to)
    tied = set(tie_table["source"].to_pylist()) | set(tie_table["target"].to_pylist())
    nodes = [
        {"org": o, "name": n, "kind": k}
        for o, n, k in Organisation.objects.filter(org_number__in=tied)
        .order_by("org_number")
        .values_list("org_number", "name", "kind")
    ]
    graph = network.build_graph(nodes, tie_table)
    return NetworkView(
        measures=network.measures(graph),
        brokerage=network.brokerage(graph),
        never_collaborated=network.never_collaborated(
            members(), rows, year_from=year_from, year_to=year_to
        ),
        ties=tie_table,
        layout=network.layout(graph),
        years=years(rows),
        year_from=year_from,
        year_to=year_to,
    )
