"""The actor network: organisations tied by shared projects and meetings.

Pure functions: plain rows or Arrow tables in, Arrow tables out; graphs with igraph.

Inputs
------
``affiliations`` — one row per organisation taking part in an event (a project or a meeting):
``event_id`` (str, unique per event, e.g. ``"project:12"``), ``event_kind`` (``"project"`` or
``"meeting"``), ``org`` (str, the organisation's identifier — the registry uses the org
number), ``start`` (date) and ``end`` (date or null: still running). A meeting has
``start == end``.

``nodes`` — one row per organisation: ``org``, ``name``, ``kind`` (``company``, ``academia``,
``institute``, ``public_actor``, ``authority``, …).

Definitions (see docs/methods/network.md)
-----------------------------------------
* **Tie**: two organisations that took part in the same event. The **weight** of a tie is the
  number of events they share (projects + meetings) in the period.
* **Period**: ``year_from``/``year_to`` (inclusive) keep the events that overlap the period
  (a project from 2021 to 2024 counts for 2023).
* **Degree**: the number of organisations tied to an organisation; **strength**: the sum of
  the weights of its ties (Barrat et al. 2004).
* **Betweenness**: the share of shortest paths between two other organisations that pass
  through it (Freeman 1977; Brandes 2001), normalised by ``(n−1)(n−2)/2``. Weighted: the
  length of a tie is ``1 / weight`` (a strong tie is a short distance; Newman 2001; Opsahl et
  al. 2010).
* **Eigenvector centrality**: weighted, scaled so that the most central organisation has 1
  (Bonacich 1987). In a disconnected network only the component with the largest eigenvalue
  gets values above 0.
* **Community**: Leiden, optimising weighted modularity (Traag, Waltman & van Eck 2019) with a
  fixed seed, so the same network always gives the same communities. Communities are numbered
  1, 2, … from the largest.
* **Academia–industry brokerage** (Gould & Fernandez 1989, for undirected ties): an open
  triad ``a – v – c`` where ``a`` is academic, ``c`` a company and ``a`` and ``c`` are not
  tied. ``open_pairs`` counts them; ``brokerage_share`` is ``open_pairs`` divided by all
  academic × company neighbour pairs of ``v`` (1: ``v`` is their only link; 0: they all know
  each other already). ``role`` is Gould & Fernandez's: a broker that is itself academic or a
  company is a *representative/gatekeeper* (the two coincide without direction); one of a
  third kind is a *liaison*.
* **Academia–industry bridging**: the share of the shortest paths between an academic
  organisation and a company (both other than ``v``, and connected) that pass through ``v``
  — betweenness restricted to academia–industry pairs (Brandes 2008, "source–target"
  betweenness), with the same ``1 / weight`` lengths.
* **Never collaborated**: organisations of a member list that have no tie in the period.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Final, TypeAlias

import igraph as ig
import pyarrow as pa

from ecc_atlas.analysis._common import AnalysisError

__all__ = [
    "ACADEMIA",
    "AFFILIATION_COLUMNS",
    "DEFAULT_SEED",
    "INDUSTRY",
    "ActorGraph",
    "brokerage",
    "build_graph",
    "layout",
    "measures",
    "never_collaborated",
    "ties",
]

AFFILIATION_COLUMNS: Final = ("event_id", "event_kind", "org", "start", "end")
EVENT_KINDS: Final = ("project", "meeting")
#: Organisation kinds on the academic side (universities and research institutes).
ACADEMIA: Final = ("academia", "institute")
#: Organisation kinds on the industry side.
INDUSTRY: Final = ("company",)
DEFAULT_SEED: Final = 20260101

_RNG_LOCK = threading.Lock()

Rows: TypeAlias = "pa.Table | Iterable[Mapping[str, Any]]"


def _rows(data: Rows) -> list[dict[str, Any]]:
    if isinstance(data, pa.Table):
        return data.to_pylist()
    return [dict(r) for r in data]


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms on a private, seeded generator."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int):
        return value
    raise AnalysisError(f"A start or end must be a date or a year, not {value!r}.")


def _in_period(
    start: int | None, end: int | None, year_from: int | None, year_to: int | None
) -> bool:
    if start is None:
        raise AnalysisError("Every affiliation needs a start (date or year).")
    if year_to is not None and start > year_to:
        return False
    return not (year_from is not None and end is not None and end < year_from)


def ties(
    affiliations: Rows, *, year_from: int | None = None, year_to: int | None = None
) -> pa.Table:
    """The weighted ties of the period.

    Columns: ``source, target`` (``source < target``), ``weight`` (shared events),
    ``projects``, ``meetings`` (shared events of each kind), ``first_year``, ``last_year``
    (the years of the shared events' starts). Sorted by source and target.
    """
    if year_from is not None and year_to is not None and year_from > year_to:
        raise AnalysisError("year_from is after year_to.")
    members: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    years: dict[str, int] = {}
    for row in _rows(affiliations):
        missing = [c for c in AFFILIATION_COLUMNS if c not in row]
        if missing:
            raise AnalysisError(f"An affiliation lacks {', '.join(missing)}.")
        if row["event_kind"] not in EVENT_KINDS:
            raise AnalysisError(f"Unknown event kind {row['event_kind']!r}.")
        start, end = _year(row["start"]), _year(row["end"])
        if not _in_period(start, end, year_from, year_to):
            continue
        event = str(row["event_id"])
        members[event].add(str(row["org"]))
        kinds[event] = row["event_kind"]
        years[event] = int(start)  # type: ignore[arg-type]
    acc: dict[tuple[str, str], list[int]] = {}
    for event, orgs in members.items():
        for a, b in combinations(sorted(orgs), 2):
            cell = acc.setdefault((a, b), [0, 0, 9999, 0])
            cell[0 if kinds[event] == "project" else 1] += 1
            cell[2] = min(cell[2], years[event])
            cell[3] = max(cell[3], years[event])
    keys = sorted(acc)
    return pa.table(
        {
            "source": pa.array([k[0] for k in keys], pa.string()),
            "target": pa.array([k[1] for k in keys], pa.string()),
            "weight": pa.array([acc[k][0] + acc[k][1] for k in keys], pa.int64()),
            "projects": pa.array([acc[k][0] for k in keys], pa.int64()),
            "meetings": pa.array([acc[k][1] for k in keys], pa.int64()),
            "first_year": pa.array([acc[k][2] for k in keys], pa.int32()),
            "last_year": pa.array([acc[k][3] for k in keys], pa.int32()),
        }
    )


@dataclass(frozen=True)
class ActorGraph:
    """An undirected weighted igraph graph with vertex attributes ``name`` (the org id),
    ``label`` (the organisation's name) and ``kind``; edge attributes ``weight`` and
    ``distance`` (``1 / weight``)."""

    graph: ig.Graph

    @property
    def orgs(self) -> list[str]:
        """Organisation ids in vertex order."""
        return list(self.graph.vs["name"]) if self.graph.vcount() else []

    def kinds(self) -> list[str]:
        """Organisation kinds in vertex order."""
        return list(self.graph.vs["kind"]) if self.graph.vcount() else []


def build_graph(nodes: Rows, tie_rows: Rows) -> ActorGraph:
    """The graph of ``nodes`` (``org, name, kind``) and ``ties`` (``source, target, weight``).

    Every node is a vertex (isolates included); a tie to an organisation missing from
    ``nodes`` adds it with kind ``"unknown"``.
    """
    node_rows = _rows(nodes)
    index: dict[str, int] = {}
    names: list[str] = []
    labels: list[str] = []
    kinds: list[str] = []

    def add(org: str, label: str, kind: str) -> int:
        if org not in index:
            index[org] = len(names)
            names.append(org)
            labels.append(label)
            kinds.append(kind)
        return index[org]

    for row in node_rows:
        add(str(row["org"]), str(row.get("name") or row["org"]), str(row.get("kind") or "unknown"))
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for row in _rows(tie_rows):
        a, b = str(row["source"]), str(row["target"])
        if a == b:
            continue
        weight = float(row.get("weight", 1) or 0)
        if weight <= 0:
            raise AnalysisError(f"The tie {a}–{b} has weight {weight}; weights must be positive.")
        edges.append((add(a, a, "unknown"), add(b, b, "unknown")))
        weights.append(weight)
    graph = ig.Graph(n=len(names), edges=edges, directed=False)
    graph.vs["name"] = names
    graph.vs["label"] = labels
    graph.vs["kind"] = kinds
    graph.es["weight"] = weights
    graph.es["distance"] = [1.0 / w for w in weights]
    if graph.ecount() and not graph.is_simple():
        graph.simplify(combine_edges={"weight": "sum", "distance": "first"})
        graph.es["distance"] = [1.0 / w for w in graph.es["weight"]]
    return ActorGraph(graph)


def _communities(graph: ig.Graph, seed: int) -> list[int]:
    n = graph.vcount()
    if n == 0:
        return []
    weights = graph.es["weight"] if graph.ecount() else None
    with _seeded(seed):
        partition = graph.community_leiden(
            objective_function="modularity", weights=weights, n_iterations=-1
        )
    groups: dict[int, list[int]] = defaultdict(list)
    for vertex, group in enumerate(partition.membership):
        groups[group].append(vertex)
    names = graph.vs["name"]
    ordered = sorted(groups.values(), key=lambda vs: (-len(vs), min(names[v] for v in vs)))
    number = [0] * n
    for label, vertices in enumerate(ordered, start=1):
        for v in vertices:
            number[v] = label
    return number


def _eigenvector(graph: ig.Graph, seed: int) -> list[float]:
    n = graph.vcount()
    if graph.ecount() == 0:
        return [0.0] * n
    # the leading eigenvector of a disconnected graph lives on the component with the
    # largest eigenvalue: compute per component (igraph warns otherwise) and keep that one
    best: tuple[float, list[int], list[float]] | None = None
    for members in graph.connected_components():
        if len(members) < 2:
            continue
        sub = graph.induced_subgraph(members)
        with _seeded(seed):  # ARPACK starts from a random vector
            values, value = sub.eigenvector_centrality(weights="weight", return_eigenvalue=True)
        if best is None or value > best[0] + 1e-12:
            best = (float(value), list(members), [float(v) for v in values])
    result = [0.0] * n
    if best is not None:
        for vertex, score in zip(best[1], best[2], strict=True):
            result[vertex] = max(0.0, score)
    return result


def measures(graph: ActorGraph, *, seed: int = DEFAULT_SEED) -> pa.Table:
    """Centrality and community of every organisation.

    Columns: ``org, name, kind, degree`` (int), ``strength`` (sum of tie weights),
    ``betweenness`` (0–1, weighted with length ``1 / weight``, normalised),
    ``eigenvector`` (0–1, weighted, max 1), ``community`` (1 = largest). Sorted by
    betweenness, strength and org (descending, descending, ascending).
    """
    g = graph.graph
    n = g.vcount()
    degree = g.degree() if n else []
    strength = g.strength(weights="weight") if g.ecount() else [0.0] * n
    raw = g.betweenness(directed=False, weights="distance") if g.ecount() else [0.0] * n
    pairs = (n - 1) * (n - 2) / 2
    betweenness = [float(b) / pairs if pairs > 0 else 0.0 for b in raw]
    eigen = _eigenvector(g, seed)
    community = _communities(g, seed)
    order = sorted(range(n), key=lambda v: (-betweenness[v], -strength[v], g.vs[v]["name"]))
    return pa.table(
        {
            "org": pa.array([g.vs[v]["name"] for v in order], pa.string()),
            "name": pa.array([g.vs[v]["label"] for v in order], pa.string()),
            "kind": pa.array([g.vs[v]["kind"] for v in order], pa.string()),
            "degree": pa.array([degree[v] for v in order], pa.int64()),
            "strength": pa.array([float(strength[v]) for v in order], pa.float64()),
            "betweenness": pa.array([betweenness[v] for v in order], pa.float64()),
            "eigenvector": pa.array([eigen[v] for v in order], pa.float64()),
            "community": pa.array([community[v] for v in order], pa.int64()),
        }
    )


def _component_counts(
    g: ig.Graph, side_a: set[int], side_b: set[int]
) -> tuple[list[int], dict[int, tuple[int, int]]]:
    membership = g.connected_components().membership if g.vcount() else []
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for v, comp in enumerate(membership):
        if v in side_a:
            counts[comp][0] += 1
        if v in side_b:
            counts[comp][1] += 1
    return membership, {c: (a, b) for c, (a, b) in counts.items()}


def brokerage(
    graph: ActorGraph,
    *,
    academia: Sequence[str] = ACADEMIA,
    industry: Sequence[str] = INDUSTRY,
) -> pa.Table:
    """Who bridges academia and industry (definitions in the module docstring).

    Columns: ``org, name, kind, academic_neighbours, industry_neighbours, open_pairs``
    (open academia–company triads through the organisation), ``brokerage_share`` (0–1;
    null without an academic and a company neighbour), ``role``
    (``representative_gatekeeper``/``liaison``/null), ``bridging`` (0–1: share of the
    academia–company shortest paths through it; null when no such pair is connected
    around it). Only organisations with at least one open pair or a bridging share above
    zero; sorted by bridging, open pairs and org.
    """
    overlap = set(academia) & set(industry)
    if overlap:
        raise AnalysisError(f"A kind cannot be on both sides: {', '.join(sorted(overlap))}.")
    g = graph.graph
    n = g.vcount()
    kinds = graph.kinds()
    side_a = {v for v in range(n) if kinds[v] in academia}
    side_i = {v for v in range(n) if kinds[v] in industry}
    adjacency = [set(g.neighbors(v)) for v in range(n)]
    # shortest-path share: igraph halves source–target betweenness on undirected graphs
    if side_a and side_i and g.ecount():
        raw = g.betweenness(
            directed=False, weights="distance", sources=sorted(side_a), targets=sorted(side_i)
        )
        through = [2.0 * float(b) for b in raw]
    else:
        through = [0.0] * n
    membership, comp_counts = _component_counts(g, side_a, side_i)
    rows = []
    for v in range(n):
        nbr_a = adjacency[v] & side_a
        nbr_i = adjacency[v] & side_i
        possible = len(nbr_a) * len(nbr_i)
        closed = sum(len(adjacency[a] & nbr_i) for a in nbr_a)
        open_pairs = possible - closed
        n_a, n_i = comp_counts.get(membership[v], (0, 0)) if membership else (0, 0)
        n_a -= 1 if v in side_a else 0
        n_i -= 1 if v in side_i else 0
        connected_pairs = n_a * n_i
        bridging = through[v] / connected_pairs if connected_pairs > 0 else None
        if open_pairs <= 0 and not bridging:
            continue
        role = None
        if open_pairs > 0:
            role = "representative_gatekeeper" if v in side_a | side_i else "liaison"
        rows.append(
            {
                "org": g.vs[v]["name"],
                "name": g.vs[v]["label"],
                "kind": kinds[v],
                "academic_neighbours": len(nbr_a),
                "industry_neighbours": len(nbr_i),
                "open_pairs": open_pairs,
                "brokerage_share": open_pairs / possible if possible else None,
                "role": role,
                "bridging": bridging,
            }
        )
    rows.sort(key=lambda r: (-(r["bridging"] or 0.0), -r["open_pairs"], r["org"]))
    schema = pa.schema(
        [
            ("org", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("academic_neighbours", pa.int64()),
            ("industry_neighbours", pa.int64()),
            ("open_pairs", pa.int64()),
            ("brokerage_share", pa.float64()),
            ("role", pa.string()),
            ("bridging", pa.float64()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def never_collaborated(
    members: Rows,
    affiliations: Rows,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pa.Table:
    """The members (rows with ``org``, ``name``, ``kind``) without any tie in the period.

    Columns: ``org, name, kind, projects, meetings`` — the events of the period the member
    took part in without another organisation (usually 0). Sorted by name and org.
    """
    tied: set[str] = set()
    for row in (
        ties(affiliations, year_from=year_from, year_to=year_to)
        .select(["source", "target"])
        .to_pylist()
    ):
        tied.update((row["source"], row["target"]))
    events: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _rows(affiliations):
        if _in_period(_year(row["start"]), _year(row["end"]), year_from, year_to):
            events[str(row["org"])].add((str(row["event_kind"]), str(row["event_id"])))
    alone = {  # distinct events: a repeated row (two roles in one project) counts once
        org: (sum(k == "project" for k, _ in found), sum(k == "meeting" for k, _ in found))
        for org, found in events.items()
    }
    rows = []
    listed: set[str] = set()
    for member in _rows(members):
        org = str(member["org"])
        if org in tied or org in listed:  # a member listed twice is shown once
            continue
        listed.add(org)
        projects, meetings = alone.get(org, (0, 0))
        rows.append(
            {
                "org": org,
                "name": str(member.get("name") or org),
                "kind": str(member.get("kind") or "unknown"),
                "projects": projects,
                "meetings": meetings,
            }
        )
    rows.sort(key=lambda r: (r["name"], r["org"]))
    schema = pa.schema(
        [
            ("org", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("projects", pa.int64()),
            ("meetings", pa.int64()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def layout(graph: ActorGraph, *, seed: int = DEFAULT_SEED, niter: int = 500) -> pa.Table:
    """Positions for drawing: Fruchterman–Reingold (1991), weighted, from seeded random
    starting points, so the same network is always drawn the same way.

    Columns: ``org, x, y`` (roughly −1…1, centred), in vertex order.
    """
    g = graph.graph
    n = g.vcount()
    if n == 0:
        return pa.table({"org": pa.array([], pa.string()), "x": [], "y": []})
    # igraph's own start area (side √n): starting all points close together makes its
    # grid-based repulsion quadratic (63 s instead of 0.5 s for 5,000 vertices)
    start, half = random.Random(seed), math.sqrt(n) / 2
    initial = [[start.uniform(-half, half), start.uniform(-half, half)] for _ in range(n)]
    with _seeded(seed):
        coords = g.layout_fruchterman_reingold(
            weights="weight" if g.ecount() else None, niter=niter, seed=initial
        ).coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return pa.table(
        {
            "org": pa.array(graph.orgs, pa.string()),
            "x": pa.array([(x - cx) / span for x in xs], pa.float64()),
            "y": pa.array([(y - cy) / span for y in ys], pa.float64()),
        }
    )
