"""Property tests: no published cell is below a threshold, no suppressed cell can be recomputed.

Tables are random cross-classifications of one to three dimensions (some cells missing), with
and without explicit total rows. The attacker knows every one-dimensional margin (either the
table's own total row or, conservatively, a figure published elsewhere) and every published cell.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecc_atlas.disclosure import DisclosurePolicy, protect

POLICY = DisclosurePolicy(min_persons=5, min_organisations=3)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn) -> pa.Table:
    n_dims = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 5)) for _ in range(n_dims)]
    names = [f"d{j}" for j in range(n_dims)]
    cells = list(itertools.product(*[[f"v{i}" for i in range(s)] for s in sizes]))
    keep = draw(st.lists(st.booleans(), min_size=len(cells), max_size=len(cells)))
    cells = [c for c, k in zip(cells, keep, strict=True) if k or len(cells) == 1] or cells[:1]
    persons = [draw(counts) for _ in cells]
    orgs = [min(p, draw(st.integers(0, 8))) for p in persons]
    columns: dict[str, list[object]] = {n: [c[j] for c in cells] for j, n in enumerate(names)}
    columns["persons"] = persons
    columns["orgs"] = orgs
    return pa.table(columns)


def _groups(table: pa.Table, dims: list[str]) -> list[list[int]]:
    out: list[list[int]] = []
    cols = {d: table.column(d).to_pylist() for d in dims}
    for j, _ in enumerate(dims):
        keyed: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for i in range(table.num_rows):
            keyed[tuple(cols[d][i] for k, d in enumerate(dims) if k != j)].append(i)
        out.extend(keyed.values())
    return out


def _dims(table: pa.Table) -> list[str]:
    return [c for c in table.column_names if c.startswith("d")]


@SETTINGS
@given(tables())
def test_no_published_cell_is_below_a_threshold(table: pa.Table) -> None:
    out = protect(
        table, dimensions=_dims(table), values=["persons"], persons="persons",
        organisations="orgs", policy=POLICY,
    )  # fmt: skip
    assert out.num_rows == table.num_rows
    for p, o, hidden in zip(
        out.column("persons").to_pylist(),
        out.column("orgs").to_pylist(),
        out.column("suppressed").to_pylist(),
        strict=True,
    ):
        if hidden:
            assert p is None
            assert o is None
        else:
            assert p >= POLICY.min_persons
            assert o >= POLICY.min_organisations


@SETTINGS
@given(tables())
def test_no_suppressed_cell_equals_margin_minus_published_cells(table: pa.Table) -> None:
    dims = _dims(table)
    out = protect(
        table, dimensions=dims, values=["persons"], persons="persons", organisations="orgs",
        policy=POLICY,
    )  # fmt: skip
    original = table.column("persons").to_pylist()
    published = out.column("persons").to_pylist()
    hidden = out.column("suppressed").to_pylist()
    for members in _groups(table, dims):
        if len(members) < 2:
            continue  # the margin *is* this cell; it fails the same rule wherever it is published
        margin = sum(original[i] for i in members)
        known = sum(published[i] for i in members if not hidden[i])
        for i in members:
            if hidden[i] and margin != original[i]:
                assert margin - known != original[i], (members, original, hidden)


@st.composite
def tables_with_totals(draw: st.DrawFn) -> pa.Table:
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    grid = [[draw(counts) for _ in range(cols)] for _ in range(rows)]
    records: list[tuple[str, str, int]] = []
    for r in range(rows):
        records.extend((f"r{r}", f"c{c}", grid[r][c]) for c in range(cols))
        records.append((f"r{r}", "Totalt", sum(grid[r])))
    for c in range(cols):
        records.append(("Totalt", f"c{c}", sum(grid[r][c] for r in range(rows))))
    records.append(("Totalt", "Totalt", sum(map(sum, grid))))
    order = draw(st.permutations(range(len(records))))
    a, b, p = zip(*[records[i] for i in order], strict=True)
    return pa.table({"d0": list(a), "d1": list(b), "persons": list(p)})


@SETTINGS
@given(tables_with_totals())
def test_explicit_totals_never_reveal_a_suppressed_cell(table: pa.Table) -> None:
    dims = ["d0", "d1"]
    out = protect(table, dimensions=dims, values=["persons"], persons="persons", policy=POLICY)
    original = table.column("persons").to_pylist()
    published = out.column("persons").to_pylist()
    hidden = out.column("suppressed").to_pylist()
    for members in _groups(table, dims):
        if len(members) < 2:
            continue
        axis = 1 if len({table.column("d0")[i].as_py() for i in members}) == 1 else 0
        labels = table.column(dims[axis]).to_pylist()
        total = next(i for i in members if labels[i] == "Totalt")
        cells = [i for i in members if i != total]
        if hidden[total]:
            continue  # two or more unknowns in this relation
        known = sum(published[i] for i in cells if not hidden[i])
        for i in cells:
            if hidden[i] and published[total] != original[i]:
                assert published[total] - known != original[i]
        # and the total is never the only withheld figure of its relation
        assert sum(hidden[i] for i in members) != 1


@SETTINGS
@given(tables())
def test_protection_is_deterministic_and_reasons_are_consistent(table: pa.Table) -> None:
    kwargs = {"dimensions": _dims(table), "values": ["persons"], "persons": "persons"}
    first = protect(table, policy=POLICY, **kwargs)  # type: ignore[arg-type]
    assert first.equals(protect(table, policy=POLICY, **kwargs))  # type: ignore[arg-type]
    for flag, reason in zip(
        first.column("suppressed").to_pylist(),
        first.column("suppression_reason").to_pylist(),
        strict=True,
    ):
        assert flag == (reason is not None)
        assert reason in {None, "frequency", "dominance", "secondary"}
