"""The actor network from the collaboration records (needs Django set up).

Ties come from ``Participation`` (organisations in the same project; the project's period
``starts_on``–``ends_on``) and ``MeetingParticipant`` (organisations at the same meeting; its
date). **Members** — for "never part of a collaboration" — are the organisations with a
member account (``accounts.Membership``) or a submitted survey response: the organisations
that take part in ECC's work. The measures are :mod:`ecc_atlas.analysis.network`'s.

The network reveals non-public ties: show it to analysts only. The **public network**
(:func:`public_network_view`) is built from the projects an analyst marked public and that are
not cancelled — never from meetings or other projects — and may be shown to everyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from ecc_atlas.analysis import network

__all__ = [
    "DrawableNetwork",
    "NetworkView",
    "PublicNetworkView",
    "affiliations",
    "members",
    "network_view",
    "public_network_view",
    "years",
]


def affiliations(*, public_only: bool = False) -> list[dict[str, Any]]:
    """One row per organisation and project or meeting (see the analysis module).

    ``public_only``: only the projects marked public and not cancelled, and no meetings.
    """
    from ecc_atlas.web.collaboration.models import MeetingParticipant, Participation, Project

    participations = Participation.objects.all()
    if public_only:
        participations = participations.filter(project__public=True).exclude(
            project__status=Project.Status.CANCELLED
        )
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for project_id, org, start, end in participations.values_list(
        "project_id", "organisation__org_number", "project__starts_on", "project__ends_on"
    ):
        event = f"project:{project_id}"
        if (event, org) in seen:  # one organisation in two roles counts once
            continue
        seen.add((event, org))
        rows.append(
            {"event_id": event, "event_kind": "project", "org": org, "start": start, "end": end}
        )
    if public_only:
        return rows
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


class DrawableNetwork(Protocol):
    """What the network chart needs: a view's measures, ties, layout and period."""

    @property
    def measures(self) -> pa.Table: ...

    @property
    def ties(self) -> pa.Table: ...

    @property
    def layout(self) -> pa.Table: ...

    @property
    def year_from(self) -> int | None: ...

    @property
    def year_to(self) -> int | None: ...


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


@dataclass(frozen=True)
class PublicNetworkView:
    """The public network of one period: public, not cancelled projects only.

    ``measures`` are the analysis module's, computed on the public ties alone;
    ``organisations`` has one row per organisation with a tie: ``org, name, kind, partners``
    (its degree: organisations it shares a public project with), ``projects`` (public
    projects it shares with at least one other organisation) and ``strength``; sorted by
    projects, partners (both descending) and name.
    """

    measures: pa.Table
    organisations: pa.Table
    ties: pa.Table
    layout: pa.Table
    projects: int
    years: list[int]
    year_from: int | None
    year_to: int | None


def _overlaps(row: dict[str, Any], year_from: int | None, year_to: int | None) -> bool:
    """The analysis module's period rule: the event overlaps the years (inclusive)."""
    start = row["start"].year
    end = row["end"].year if row["end"] is not None else None
    if year_to is not None and start > year_to:
        return False
    return not (year_from is not None and end is not None and end < year_from)


def public_network_view(
    *, year_from: int | None = None, year_to: int | None = None
) -> PublicNetworkView:
    """The network of the public projects (marked public, not cancelled) of the period.

    Nothing else goes in: no meetings, no other project, no member list — so the view may be
    shown to everyone. Nodes: the organisations with a tie in the period.
    """
    from ecc_atlas.web.registry.models import Organisation

    rows = affiliations(public_only=True)
    tie_table = network.ties(rows, year_from=year_from, year_to=year_to)
    tied = set(tie_table["source"].to_pylist()) | set(tie_table["target"].to_pylist())
    nodes = [
        {"org": o, "name": n, "kind": k}
        for o, n, k in Organisation.objects.filter(org_number__in=tied)
        .order_by("org_number")
        .values_list("org_number", "name", "kind")
    ]
    graph = network.build_graph(nodes, tie_table)
    measures = network.measures(graph)
    # public projects of the period with two organisations or more, per organisation
    taking_part: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if _overlaps(row, year_from, year_to):
            taking_part[row["event_id"]].add(row["org"])
    shared: dict[str, int] = defaultdict(int)
    for orgs in taking_part.values():
        if len(orgs) > 1:
            for org in orgs:
                shared[org] += 1
    table = sorted(
        (
            {
                "org": r["org"],
                "name": r["name"],
                "kind": r["kind"],
                "partners": r["degree"],
                "projects": shared.get(r["org"], 0),
                "strength": r["strength"],
            }
            for r in measures.to_pylist()
        ),
        key=lambda r: (-r["projects"], -r["partners"], r["name"], r["org"]),
    )
    schema = pa.schema(
        [("org", pa.string()), ("name", pa.string()), ("kind", pa.string()),
         ("partners", pa.int64()), ("projects", pa.int64()), ("strength", pa.float64())]
    )  # fmt: skip
    return PublicNetworkView(
        measures=measures,
        organisations=pa.Table.from_pylist(table, schema=schema),
        ties=tie_table,
        layout=network.layout(graph),
        projects=sum(1 for orgs in taking_part.values() if len(orgs) > 1),
        years=years(rows),
        year_from=year_from,
        year_to=year_to,
    )
