"""The actor network and matchmaking at scale: igraph (the product) against networkx.

    .venv/bin/python benchmarks/network/run.py [--seed 20260101] [--orgs 5000] [--ties 50000]
        [--sources 500] [--repeat 3] [--json benchmarks/network/results.json]

Input (seeded, :func:`synthetic`): ``--orgs`` organisations (70 % companies, 8 % academia,
4 % institutes, 18 % public actors and authorities) in 40 clusters (think sectors ×
places), two-organisation events (projects and meetings, 2018–2025) until ``--ties`` distinct pairs
are tied (repeated pairs add weight): one end drawn uniformly or (every other event) with a
heavy-tailed activity, the other from the same cluster 80 % of the time. A
synthetic survey: 60 % of the companies answer for 1–4 of 40 occupations, difficulty 1–5,
0–2 of 30 skills; 300 projects, 120 programmes, 30 job-ad skill trends.

Timed stages (seconds; each library on the same ``ties`` table):

* **build** the weighted graph (igraph: :func:`ecc_atlas.analysis.network.build_graph`;
  networkx: ``nx.Graph`` with ``weight`` and ``distance`` attributes);
* **degree + strength**;
* **betweenness**, weighted (length 1/weight), from the same ``--sources`` seeded sample of
  source vertices on both (Brandes's source sampling, as networkx's ``k``; scaled by n/k):
  exact betweenness on 5,000 vertices takes networkx over ten minutes here. The product's
  exact betweenness (igraph) is timed too, in the product pipeline below;
* **eigenvector** (igraph ARPACK per component; networkx ``eigenvector_centrality_numpy``,
  SciPy ARPACK);
* **communities**: igraph Leiden (the product) vs networkx Louvain (networkx's own Leiden
  needs a backend); the modularity of both partitions is reported;
* **bridging**: academia–industry source–target betweenness (exact, both) + the open-triad
  brokerage counts (the same set arithmetic on each library's adjacency);
* **layout**: Fruchterman–Reingold, 50 iterations on both (networkx ``spring_layout``);

and, library-independent, the tie aggregation, the never-collaborated list and the
matchmaking on the synthetic survey (all four kinds), which are added to both totals.
The **product pipeline** (exact betweenness, 500-iteration layout) is timed with igraph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx

from ecc_atlas.analysis import matchmaking, network

KINDS = [("company", 0.70), ("academia", 0.08), ("institute", 0.04), ("public_actor", 0.12),
         ("authority", 0.06)]  # fmt: skip


def synthetic(seed: int, n_orgs: int, n_ties: int) -> dict[str, Any]:
    """Organisations, affiliations (two per tie event), a survey, projects, programmes,
    emerging skills — all seeded."""
    rng = random.Random(seed)
    kinds = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS], k=n_orgs)
    orgs = [{"org": f"{i:06d}", "name": f"Org {i}", "kind": kinds[i]} for i in range(n_orgs)]
    cluster = [rng.randrange(40) for _ in range(n_orgs)]
    members: dict[int, list[int]] = {}
    for i, c in enumerate(cluster):
        members.setdefault(c, []).append(i)
    activity = [rng.paretovariate(1.6) for _ in range(n_orgs)]
    everyone = range(n_orgs)
    cumulative = list(itertools.accumulate(activity))
    affiliations = []
    pairs: set[tuple[int, int]] = set()
    events = 0
    # events until there are n_ties distinct pairs; repeated pairs add weight
    while len(pairs) < n_ties:
        a = (
            rng.choices(everyone, cum_weights=cumulative)[0]
            if events % 2
            else rng.randrange(n_orgs)
        )
        b = a
        while b == a:
            b = rng.choice(members[cluster[a]]) if rng.random() < 0.8 else rng.randrange(n_orgs)
        pairs.add((min(a, b), max(a, b)))
        year = rng.randrange(2018, 2026)
        kind = "project" if rng.random() < 0.4 else "meeting"
        end = (year + rng.randrange(0, 4)) if kind == "project" else year
        for org in (a, b):
            affiliations.append({"event_id": f"e{events}", "event_kind": kind,
                                 "org": f"{org:06d}", "start": year, "end": end})  # fmt: skip
        events += 1
    ssyk = [f"{2100 + 7 * i}" for i in range(40)]
    skills = [f"skill_{i}" for i in range(30)]
    companies = [o["org"] for o in orgs if o["kind"] == "company"]
    academics = [o["org"] for o in orgs if o["kind"] in ("academia", "institute")]
    answers = []
    for org in companies:
        if rng.random() >= 0.6:
            continue
        for code in rng.sample(ssyk, rng.randint(1, 4)):
            answers.append({"org": org, "ssyk": code, "difficulty": rng.randint(1, 5),
                            "planned_recruitments": rng.randint(0, 12),
                            "skills": rng.sample(skills, rng.randint(0, 2))})  # fmt: skip
    project_kinds = ["education_programme", "upskilling", "research", "outreach",
                     "recruitment_campaign"]  # fmt: skip
    projects = [
        {"project_id": p, "title": f"Project {p}", "kind": rng.choice(project_kinds),
         "status": rng.choice(["planned", "running", "running", "completed", "cancelled"]),
         "occupations": rng.sample(ssyk, rng.randint(0, 2)),
         "skills": rng.sample(skills, rng.randint(0, 3)),
         "organisations": rng.sample(companies, rng.randint(1, 5))
         + rng.sample(academics, rng.randint(0, 2))}
        for p in range(300)
    ]  # fmt: skip
    programmes = [
        {"provider": f"Provider {p % 12}", "programme": f"Programme {p}",
         "ssyk": rng.choice(ssyk[:30]), "year": 2024, "places": rng.randint(10, 80),
         "graduates": rng.randint(5, 60)}
        for p in range(120)
    ]  # fmt: skip
    emerging = [
        {"skill_id": s, "emerging": rng.random() < 0.5, "recent_ads": rng.randint(10, 200),
         "share_ratio": round(rng.uniform(1.5, 4), 2), "z": round(rng.uniform(2, 8), 2)}
        for s in skills
    ]  # fmt: skip
    skill_ssyk = {s: rng.sample(ssyk, 2) for s in skills}
    return {"orgs": orgs, "affiliations": affiliations, "answers": answers, "projects": projects,
            "programmes": programmes, "emerging": emerging, "skill_ssyk": skill_ssyk}  # fmt: skip


class Seconds(float):
    """Wall-clock seconds, with the process's CPU seconds as ``cpu`` (on a shared machine
    the CPU time is the steadier figure: it leaves out the time spent waiting for a core)."""

    cpu: float


def _time(fn: Callable[[], Any]) -> tuple[Seconds, Any]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds = Seconds(time.perf_counter() - start)
    seconds.cpu = time.process_time() - start_cpu
    return seconds, result


def _open_pairs(adjacency: list[set[int]], side_a: set[int], side_i: set[int]) -> list[int]:
    out = []
    for nbrs in adjacency:
        nbr_a, nbr_i = nbrs & side_a, nbrs & side_i
        out.append(len(nbr_a) * len(nbr_i) - sum(len(adjacency[a] & nbr_i) for a in nbr_a))
    return out


def run_igraph(data: dict[str, Any], ties: Any, sample: list[str], seed: int) -> dict[str, Any]:
    t: dict[str, Seconds] = {}
    t["build"], graph = _time(lambda: network.build_graph(data["orgs"], ties))
    g = graph.graph
    t["degree_strength"], _ = _time(lambda: (g.degree(), g.strength(weights="weight")))
    index = {name: i for i, name in enumerate(g.vs["name"])}
    ids = [index[s] for s in sample]
    n = g.vcount()
    t["betweenness"], raw = _time(
        lambda: g.betweenness(weights="distance", sources=ids, targets=range(n))
    )
    t["eigenvector"], eigen = _time(lambda: network._eigenvector(g, seed))
    t["communities"], membership = _time(lambda: network._communities(g, seed))
    kinds = g.vs["kind"]
    side_a = {v for v in range(n) if kinds[v] in network.ACADEMIA}
    side_i = {v for v in range(n) if kinds[v] in network.INDUSTRY}

    def bridging() -> tuple[list[float], list[int]]:
        through = g.betweenness(weights="distance", sources=sorted(side_a), targets=sorted(side_i))
        adjacency = [set(x) for x in g.get_adjlist()]
        return [2 * b for b in through], _open_pairs(adjacency, side_a, side_i)

    t["bridging"], bridge = _time(bridging)
    t["layout"], _ = _time(lambda: g.layout_fruchterman_reingold(weights="weight", niter=50))
    scale = n / len(sample)
    return {
        "seconds": t,
        "betweenness": {g.vs[v]["name"]: raw[v] * scale for v in range(n)},
        "eigenvector": dict(zip(g.vs["name"], eigen, strict=True)),
        "modularity": g.modularity(membership, weights="weight"),
        "communities": len(set(membership)),
        "bridging": dict(zip(g.vs["name"], bridge[0], strict=True)),
        "open_pairs": dict(zip(g.vs["name"], bridge[1], strict=True)),
        "graph": g,
    }


def run_networkx(data: dict[str, Any], ties: Any, sample: list[str], seed: int) -> dict[str, Any]:
    t: dict[str, Seconds] = {}

    def build() -> nx.Graph:
        G = nx.Graph()
        for o in data["orgs"]:
            G.add_node(o["org"], kind=o["kind"], label=o["name"])
        for a, b, w in zip(ties["source"].to_pylist(), ties["target"].to_pylist(),
                           ties["weight"].to_pylist(), strict=True):  # fmt: skip
            G.add_edge(a, b, weight=float(w), distance=1.0 / w)
        return G

    t["build"], G = _time(build)
    t["degree_strength"], _ = _time(lambda: (dict(G.degree()), dict(G.degree(weight="weight"))))
    t["betweenness"], raw = _time(
        lambda: nx.betweenness_centrality_subset(
            G, sources=sample, targets=list(G), weight="distance", normalized=False
        )
    )
    t["eigenvector"], eigen = _time(lambda: nx.eigenvector_centrality_numpy(G, weight="weight"))
    t["communities"], parts = _time(
        lambda: nx.community.louvain_communities(G, weight="weight", seed=seed)
    )
    nodes = list(G)
    side_a = {o for o in nodes if G.nodes[o]["kind"] in network.ACADEMIA}
    side_i = {o for o in nodes if G.nodes[o]["kind"] in network.INDUSTRY}

    def bridging() -> tuple[dict[str, float], dict[str, int]]:
        through = nx.betweenness_centrality_subset(
            G, sources=sorted(side_a), targets=sorted(side_i), weight="distance", normalized=False
        )
        position = {o: i for i, o in enumerate(nodes)}
        adjacency = [{position[x] for x in G[o]} for o in nodes]
        a_idx = {position[o] for o in side_a}
        i_idx = {position[o] for o in side_i}
        pairs = _open_pairs(adjacency, a_idx, i_idx)
        return {o: 2 * b for o, b in through.items()}, dict(zip(nodes, pairs, strict=True))

    t["bridging"], bridge = _time(bridging)
    t["layout"], _ = _time(lambda: nx.spring_layout(G, weight="weight", iterations=50, seed=seed))
    scale = len(nodes) / len(sample)
    top = max(eigen.values()) or 1.0
    membership = {o: i for i, part in enumerate(parts) for o in part}
    return {
        "seconds": t,
        "betweenness": {o: b * scale for o, b in raw.items()},
        "eigenvector": {o: abs(v) / abs(top) for o, v in eigen.items()},
        "membership": membership,
        "communities": len(parts),
        "bridging": bridge[0],
        "open_pairs": bridge[1],
    }


def product_pipeline(data: dict[str, Any]) -> dict[str, float]:
    """The product's own calls, as the network page and `ecc-atlas suggest` make them."""
    t: dict[str, Seconds] = {}
    t["ties"], ties = _time(lambda: network.ties(data["affiliations"]))
    t["build"], graph = _time(lambda: network.build_graph(data["orgs"], ties))
    t["measures (exact betweenness)"], _ = _time(lambda: network.measures(graph))
    t["brokerage"], _ = _time(lambda: network.brokerage(graph))
    t["never_collaborated"], _ = _time(
        lambda: network.never_collaborated(data["orgs"], data["affiliations"])
    )
    t["layout (500 iterations)"], _ = _time(lambda: network.layout(graph))
    t["matchmaking"], _ = _time(lambda: _suggest(data))
    t["total"] = sum(t.values())
    return t


def _suggest(data: dict[str, Any]) -> list[Any]:
    return matchmaking.suggest(
        data["answers"], data["orgs"], programmes=data["programmes"], projects=data["projects"],
        emerging=data["emerging"], skill_ssyk=data["skill_ssyk"],
    )  # fmt: skip


def _machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": sh("nproc"),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "memory": sh("free -g | awk '/Mem:/ {print $2\" GB\"}'"),
        "python": platform.python_version(),
        "igraph": ig.__version__,
        "networkx": nx.__version__,
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _agreement(ours: dict[str, Any], peer: dict[str, Any]) -> dict[str, float]:
    def max_diff(a: dict[str, float], b: dict[str, float]) -> float:
        return max(abs(a[k] - b.get(k, 0.0)) for k in a)

    g = ours["graph"]
    n = g.vcount()
    pairs = (n - 1) * (n - 2) / 2
    top = 50
    ours_top = sorted(ours["betweenness"], key=lambda k: -ours["betweenness"][k])[:top]
    peer_top = sorted(peer["betweenness"], key=lambda k: -peer["betweenness"][k])[:top]
    peer_membership = [peer["membership"][name] for name in g.vs["name"]]
    return {
        # equal-length weighted paths: igraph compares lengths with a tolerance, networkx
        # exactly (1/2 + 1/2 vs 1), so path counts can differ slightly
        "betweenness_max_abs_diff_normalised": max_diff(ours["betweenness"], peer["betweenness"])
        / pairs,
        "betweenness_top50_overlap": len(set(ours_top) & set(peer_top)) / top,
        "eigenvector_max_abs_diff": max_diff(ours["eigenvector"], peer["eigenvector"]),
        # as a share of all academia–industry pairs
        "bridging_max_abs_diff_normalised": max_diff(ours["bridging"], peer["bridging"])
        / max(1, sum(k in network.ACADEMIA for k in g.vs["kind"]))
        / max(1, sum(k in network.INDUSTRY for k in g.vs["kind"])),
        "open_pairs_equal": float(ours["open_pairs"] == peer["open_pairs"]),
        "modularity_igraph_leiden": ours["modularity"],
        "modularity_networkx_louvain": g.modularity(peer_membership, weights="weight"),
        "communities_igraph": ours["communities"],
        "communities_networkx": peer["communities"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--ties", type=int, default=50000)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="igraph repeats (networkx: 1)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    data = synthetic(args.seed, args.orgs, args.ties)
    common: dict[str, float] = {}
    common["ties"], ties = _time(lambda: network.ties(data["affiliations"]))
    common["never_collaborated"], _ = _time(
        lambda: network.never_collaborated(data["orgs"], data["affiliations"])
    )
    common["matchmaking"], found = _time(lambda: _suggest(data))
    answers = len(data["answers"])
    events = len(data["affiliations"]) // 2
    print(f"{args.orgs:,} organisations, {events:,} events → {ties.num_rows:,} weighted "
          f"ties; survey {answers:,} answers → {len(found):,} suggestions")  # fmt: skip
    sample = sorted(random.Random(args.seed).sample([o["org"] for o in data["orgs"]], args.sources))

    ig_runs = [run_igraph(data, ties, sample, args.seed) for _ in range(args.repeat)]
    nx_run = run_networkx(data, ties, sample, args.seed)
    stages = list(nx_run["seconds"])
    ig_median = {s: statistics.median(r["seconds"][s] for r in ig_runs) for s in stages}
    ig_cpu = {s: statistics.median(r["seconds"][s].cpu for r in ig_runs) for s in stages}
    nx_cpu = {s: nx_run["seconds"][s].cpu for s in stages}
    rows = []
    for stage in stages:
        a, b = ig_median[stage], nx_run["seconds"][stage]
        rows.append((stage, a, b))
    graph_ig = sum(ig_median.values())
    graph_nx = sum(nx_run["seconds"].values())
    shared = sum(common.values())
    print(f"\n{'stage':<22}{'igraph s':>12}{'networkx s':>12}{'ratio':>9}{'CPU ratio':>11}")
    for stage, a, b in rows:
        cpu_ratio = nx_cpu[stage] / ig_cpu[stage] if ig_cpu[stage] else float("nan")
        print(f"{stage:<22}{a:>12.3f}{b:>12.3f}{b / a if a else float('nan'):>8.1f}×"
              f"{cpu_ratio:>10.1f}×")  # fmt: skip
    graph_cpu_ig, graph_cpu_nx = sum(ig_cpu.values()), sum(nx_cpu.values())
    print(f"{'graph CPU s':<22}{graph_cpu_ig:>12.3f}{graph_cpu_nx:>12.3f}"
          f"{graph_cpu_nx / graph_cpu_ig:>8.1f}×")  # fmt: skip
    print(f"{'graph total':<22}{graph_ig:>12.3f}{graph_nx:>12.3f}{graph_nx / graph_ig:>8.1f}×")
    for stage, s in common.items():
        print(f"{stage + ' (shared)':<22}{s:>12.3f}{s:>12.3f}")
    total_ig, total_nx = graph_ig + shared, graph_nx + shared
    print(f"{'total':<22}{total_ig:>12.3f}{total_nx:>12.3f}{total_nx / total_ig:>8.1f}×")
    agreement = _agreement(ig_runs[0], nx_run)
    print("\nagreement:", json.dumps(agreement, indent=1))
    product = product_pipeline(data)
    print("\nproduct pipeline (igraph, exact):", json.dumps(product, indent=1))
    machine = _machine()
    print("\nmachine:", json.dumps(machine))
    if args.json:
        result = {
            "machine": machine,
            "args": vars(args) | {"json": str(args.json)},
            "weighted_ties": ties.num_rows,
            "events": events,
            "answers": len(data["answers"]),
            "suggestions": len(found),
            "igraph_median": ig_median,
            "igraph_runs": [r["seconds"] for r in ig_runs],
            "networkx": nx_run["seconds"],
            "igraph_cpu_median": ig_cpu,
            "networkx_cpu": nx_cpu,
            "shared": common,
            "totals": {
                "igraph": total_ig,
                "networkx": total_nx,
                "ratio": total_nx / total_ig,
                "graph_ratio": graph_nx / graph_ig,
                "graph_cpu_ratio": graph_cpu_nx / graph_cpu_ig,
            },
            "agreement": agreement,
            "product_pipeline": product,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
