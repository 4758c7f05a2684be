"""Actor-network measures against values worked out by hand on small graphs."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from ecc_atlas.analysis._common import AnalysisError
from ecc_atlas.analysis.network import (
    brokerage,
    build_graph,
    layout,
    measures,
    never_collaborated,
    ties,
)


def _graph(edges: list[tuple[str, str, float]], kinds: dict[str, str] | None = None) -> Any:
    names = sorted({e[0] for e in edges} | {e[1] for e in edges} | set(kinds or {}))
    nodes = [{"org": n, "name": n.upper(), "kind": (kinds or {}).get(n, "company")} for n in names]
    return build_graph(nodes, [{"source": a, "target": b, "weight": w} for a, b, w in edges])


def _by_org(table: Any) -> dict[str, dict[str, Any]]:
    return {row["org"]: row for row in table.to_pylist()}


def _aff(event: str, kind: str, orgs: list[str], start: Any, end: Any = "same") -> list[dict]:
    end = start if end == "same" else end
    return [
        {"event_id": event, "event_kind": kind, "org": o, "start": start, "end": end} for o in orgs
    ]


def test_ties_count_shared_events_and_filter_by_period() -> None:
    rows = (
        _aff("p1", "project", ["a", "b", "c"], dt.date(2021, 3, 1), None)
        + _aff("m1", "meeting", ["a", "b"], dt.date(2019, 5, 2))
        + _aff("m2", "meeting", ["b", "a"], dt.date(2023, 5, 2))
    )
    all_ties = _by_org_pair(ties(rows))
    assert all_ties[("a", "b")] == {"weight": 3, "projects": 1, "meetings": 2}
    assert all_ties[("a", "c")] == {"weight": 1, "projects": 1, "meetings": 0}
    assert set(all_ties) == {("a", "b"), ("a", "c"), ("b", "c")}
    # the running project overlaps 2025; the 2019 and 2023 meetings do not
    later = _by_org_pair(ties(rows, year_from=2024, year_to=2025))
    assert later[("a", "b")] == {"weight": 1, "projects": 1, "meetings": 0}
    early = _by_org_pair(ties(rows, year_to=2020))
    assert early == {("a", "b"): {"weight": 1, "projects": 0, "meetings": 1}}


def _by_org_pair(table: Any) -> dict[tuple[str, str], dict[str, int]]:
    return {
        (r["source"], r["target"]): {k: r[k] for k in ("weight", "projects", "meetings")}
        for r in table.to_pylist()
    }


def test_ties_reject_bad_input() -> None:
    with pytest.raises(AnalysisError, match="event kind"):
        ties(_aff("x", "party", ["a", "b"], 2020))
    with pytest.raises(AnalysisError, match="after"):
        ties([], year_from=2024, year_to=2020)


def test_star() -> None:
    result = _by_org(measures(_graph([("hub", leaf, 1.0) for leaf in "abcd"])))
    assert result["hub"]["degree"] == 4
    assert result["hub"]["strength"] == 4.0
    # all 6 leaf pairs pass through the hub; normalised by (5−1)(5−2)/2 = 6
    assert result["hub"]["betweenness"] == pytest.approx(1.0)
    assert result["a"]["betweenness"] == 0.0
    # eigenvector of a star with k leaves: leaves have 1/√k of the hub
    assert result["hub"]["eigenvector"] == pytest.approx(1.0)
    assert result["a"]["eigenvector"] == pytest.approx(0.5)


def test_path() -> None:
    result = _by_org(measures(_graph([("a", "b", 1), ("b", "c", 1), ("c", "d", 1)])))
    # b lies on a–c and a–d: 2 of the (4−1)(4−2)/2 = 3 pairs
    assert result["b"]["betweenness"] == pytest.approx(2 / 3)
    assert result["c"]["betweenness"] == pytest.approx(2 / 3)
    assert result["a"]["betweenness"] == 0.0
    assert [result[o]["degree"] for o in "abcd"] == [1, 2, 2, 1]


def test_two_triangles_joined_by_a_bridge() -> None:
    edges = [("1", "2", 1), ("2", "3", 1), ("1", "3", 1)]
    edges += [("4", "5", 1), ("5", "6", 1), ("4", "6", 1), ("3", "4", 1)]
    table = measures(_graph(edges))
    result = _by_org(table)
    # 3 is on the 6 paths {1,2} × {4,5,6}; normalised by (6−1)(6−2)/2 = 10
    assert result["3"]["betweenness"] == pytest.approx(0.6)
    assert result["4"]["betweenness"] == pytest.approx(0.6)
    assert result["1"]["betweenness"] == 0.0
    assert table["org"].to_pylist()[:2] == ["3", "4"]
    communities = {o: r["community"] for o, r in result.items()}
    assert communities["1"] == communities["2"] == communities["3"]
    assert communities["4"] == communities["5"] == communities["6"]
    assert communities["1"] != communities["4"]
    assert sorted(set(communities.values())) == [1, 2]


def test_weighted_betweenness_uses_inverse_weight_as_length() -> None:
    # a–b and b–c are strong (2): a→c via b has length 1, via d length 2.
    # b→d: via a 0.5 + 1, via c 0.5 + 1 — two equal paths, half each.
    result = _by_org(measures(_graph([("a", "b", 2), ("b", "c", 2), ("c", "d", 1), ("d", "a", 1)])))
    assert result["b"]["betweenness"] == pytest.approx(1 / 3)
    assert result["a"]["betweenness"] == pytest.approx(1 / 6)
    assert result["c"]["betweenness"] == pytest.approx(1 / 6)
    assert result["d"]["betweenness"] == 0.0
    assert result["b"]["strength"] == 4.0


def test_communities_are_reproducible() -> None:
    edges = [(str(i), str(j), 1 + (i * j) % 3) for i in range(20) for j in range(i + 1, 20)
             if (i * 7 + j * 3) % 5 == 0]  # fmt: skip
    first = measures(_graph(edges), seed=5)
    again = measures(_graph(edges), seed=5)
    assert first.equals(again)


def test_liaison_between_academia_and_a_company() -> None:
    kinds = {"uni": "academia", "region": "public_actor", "firm": "company"}
    result = _by_org(brokerage(_graph([("uni", "region", 1), ("region", "firm", 1)], kinds)))
    assert set(result) == {"region"}
    row = result["region"]
    assert row["open_pairs"] == 1
    assert row["brokerage_share"] == 1.0
    assert row["role"] == "liaison"
    assert row["bridging"] == 1.0


def test_closed_triad_is_no_brokerage() -> None:
    kinds = {"uni": "academia", "region": "public_actor", "firm": "company"}
    edges = [("uni", "region", 1), ("region", "firm", 1), ("uni", "firm", 1)]
    assert brokerage(_graph(edges, kinds)).num_rows == 0


def test_company_as_gatekeeper_and_path_shares() -> None:
    # uni – f1 – f2 and uni – f1 – f3; f1 holds both academia–company paths to f2 and f3.
    # uni – inst – f3 as well: then uni–f3 has two shortest paths (via f1 and via inst).
    kinds = {"uni": "academia", "inst": "institute", "f1": "company", "f2": "company",
             "f3": "company"}  # fmt: skip
    edges = [("uni", "f1", 1), ("f1", "f2", 1), ("f1", "f3", 1), ("uni", "inst", 1),
             ("inst", "f3", 1)]  # fmt: skip
    result = _by_org(brokerage(_graph(edges, kinds)))
    f1 = result["f1"]
    assert f1["role"] == "representative_gatekeeper"
    # academic neighbour uni; company neighbours f2, f3 (uni–f2, uni–f3 not tied)
    assert (f1["academic_neighbours"], f1["industry_neighbours"], f1["open_pairs"]) == (1, 2, 2)
    # A–I pairs not involving f1: academia {uni, inst} × companies {f2, f3} = 4.
    # uni–f2: all through f1 (1); uni–f3: half (0.5); inst–f2: inst–f3–f1–f2 vs
    # inst–uni–f1–f2, both through f1 (1); inst–f3: direct (0). (1 + 0.5 + 1) / 4
    assert f1["bridging"] == pytest.approx(2.5 / 4)
    # pairs without f3: {uni, inst} × {f1, f2}. uni–f1, uni–f2: not through f3 (0);
    # inst–f1: via f3 or via uni (0.5); inst–f2: inst–f3–f1–f2 or inst–uni–f1–f2 (0.5)
    assert result["f3"]["bridging"] == pytest.approx(1.0 / 4)


def test_kinds_cannot_be_on_both_sides() -> None:
    with pytest.raises(AnalysisError, match="both sides"):
        brokerage(_graph([("a", "b", 1)]), academia=("company",), industry=("company",))


def test_never_collaborated_members() -> None:
    rows = _aff("p1", "project", ["m1", "m2"], 2020, 2020) + _aff("m", "meeting", ["m3"], 2023)
    members = [{"org": o, "name": o.upper(), "kind": "company"} for o in ("m1", "m2", "m3", "m4")]
    result = _by_org(never_collaborated(members, rows))
    assert set(result) == {"m3", "m4"}
    assert (result["m3"]["projects"], result["m3"]["meetings"]) == (0, 1)
    assert (result["m4"]["projects"], result["m4"]["meetings"]) == (0, 0)
    later = never_collaborated(members, rows, year_from=2021)
    assert later["org"].to_pylist() == ["m1", "m2", "m3", "m4"]


def test_isolates_are_vertices_and_measures_handle_no_ties() -> None:
    graph = build_graph([{"org": "x", "name": "X", "kind": "company"}], [])
    result = measures(graph)
    assert result.to_pylist() == [
        {"org": "x", "name": "X", "kind": "company", "degree": 0, "strength": 0.0,
         "betweenness": 0.0, "eigenvector": 0.0, "community": 1}
    ]  # fmt: skip
    assert layout(graph).num_rows == 1


def test_layout_is_seeded_and_centred() -> None:
    graph = _graph([("a", "b", 1), ("b", "c", 2), ("c", "a", 1), ("c", "d", 1)])
    first, again = layout(graph, seed=3), layout(graph, seed=3)
    assert first.equals(again)
    xs = first["x"].to_pylist()
    ys = first["y"].to_pylist()
    assert max(max(map(abs, xs)), max(map(abs, ys))) == pytest.approx(1.0)
    assert all(math.isfinite(v) for v in xs + ys)


def test_never_collaborated_counts_distinct_events_and_members_once() -> None:
    # one organisation in two roles of one project gives two affiliation rows
    rows = _aff("p1", "project", ["m1", "m1"], 2020, 2020) + _aff("m", "meeting", ["m1"], 2021)
    members = [{"org": "m1", "name": "M1", "kind": "company"}] * 2
    result = never_collaborated(members, rows).to_pylist()
    assert [(r["org"], r["projects"], r["meetings"]) for r in result] == [("m1", 1, 1)]


def test_eigenvector_tie_between_components_goes_to_the_first_org() -> None:
    # two separate paths a–b–c and x–y–z share the largest eigenvalue √2: documented choice
    result = _by_org(measures(_graph([("x", "y", 1), ("y", "z", 1), ("a", "b", 1), ("b", "c", 1)])))
    assert result["b"]["eigenvector"] == pytest.approx(1.0)
    assert result["a"]["eigenvector"] == pytest.approx(1 / math.sqrt(2))
    assert [result[o]["eigenvector"] for o in ("x", "y", "z")] == [0.0, 0.0, 0.0]
