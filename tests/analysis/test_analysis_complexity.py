"""Proximity, density, ECI/PCI and COI/COG on a 3 × 3 matrix worked out by hand.

The matrix (regions r1–r3 × items a–c)::

    M = [[1, 1, 0],      diversity d = (2, 2, 1)
         [1, 0, 1],      ubiquity  u = (2, 1, 2)
         [0, 0, 1]]

φ_ab = 1/max(2, 1) = 0.5, φ_ac = 1/2 = 0.5, φ_bc = 0. M̃ = (M/u)ᵀ(M/d) has the eigenvalues
1 and (3 ± √5)/8; the eigenvector of (3 + √5)/8 is k = (1, 1 + √5, −(3 + √5)/2).
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pyarrow as pa
import pytest

from ecc_atlas.analysis import AnalysisError, AnalysisWarning, proximity, specialisation
from ecc_atlas.analysis.complexity import (
    ComplexityUndefined,
    complexity_indices,
    density_matrix,
    product_space,
    proximity_matrix,
)

M = np.array([[1, 1, 0], [1, 0, 1], [0, 0, 1]], dtype=float)
SQRT5 = math.sqrt(5.0)


def _by_hand() -> tuple[np.ndarray, np.ndarray]:
    k = np.array([1.0, 1.0 + SQRT5, -(3.0 + SQRT5) / 2.0])
    kc = np.array([(k[0] + k[1]) / 2, (k[0] + k[2]) / 2, k[2]])
    mean = kc.mean()
    sd = math.sqrt(3 * ((kc - mean) ** 2).sum() / (9 - 1))  # ddof = 1 over 3 × 3 rows
    return (kc - mean) / sd, (k - mean) / sd


def test_proximity_by_hand() -> None:
    phi = proximity_matrix(M)
    expected = np.array([[1.0, 0.5, 0.5], [0.5, 1.0, 0.0], [0.5, 0.0, 1.0]])
    np.testing.assert_allclose(phi, expected)


def test_density_by_hand_with_zero_diagonal() -> None:
    density = density_matrix(M, proximity_matrix(M))
    # Off-diagonal column sums of φ: a 1.0, b 0.5, c 0.5.
    expected = np.array([[0.5, 1.0, 1.0], [0.5, 1.0, 1.0], [0.5, 0.0, 0.0]])
    np.testing.assert_allclose(density, expected)


def test_eci_pci_by_hand() -> None:
    eci, pci, second = complexity_indices(M)
    eci_hand, pci_hand = _by_hand()
    np.testing.assert_allclose(eci, eci_hand, atol=1e-12)
    np.testing.assert_allclose(pci, pci_hand, atol=1e-12)
    assert second == pytest.approx((3 + SQRT5) / 8)
    # ECI is the mean PCI of the region's items (k_r = (M/d)·k_j, same mean and sd).
    np.testing.assert_allclose(eci, (M @ pci) / M.sum(axis=1))


def test_coi_cog_by_hand() -> None:
    space = product_space(M)
    _, pci = _by_hand()
    np.testing.assert_allclose(space.coi, [pci[2], pci[1], 0.5 * pci[0]], atol=1e-12)
    # COG of r3 moving into a: φ_ab / Σφ_·b · PCI_b = 0.5 / 0.5 · PCI_b; into b: 0.5 / 1 · PCI_a.
    assert space.cog[2, 0] == pytest.approx(pci[1])
    assert space.cog[2, 1] == pytest.approx(0.5 * pci[0])
    assert space.cog[0, 2] == pytest.approx(0.0)  # c's only neighbour a is already there
    assert (space.cog[M == 1] == 0).all()


def _values(rows: list[tuple[str, str, float]], year: int | None = None) -> ibis.Table:
    data = {
        "kommun": [r[0] for r in rows],
        "ssyk": [r[1] for r in rows],
        "n": pa.array([r[2] for r in rows], pa.float64()),
    }
    if year is not None:
        data["year"] = [year] * len(rows)
    return ibis.memtable(pa.table(data))


HAND = [("r1", "a", 10), ("r1", "b", 10), ("r2", "a", 10), ("r2", "c", 10), ("r3", "c", 10)]
COLS = {"region": "kommun", "item": "ssyk", "value": "n"}


def test_specialisation_rectangle_by_hand() -> None:
    out = specialisation(_values(HAND), cols=COLS).to_pyarrow()
    assert out.column_names == [
        "region",
        "item",
        "value",
        "lq",
        "mcp",
        "diversity",
        "ubiquity",
        "density",
        "eci",
        "pci",
        "coi",
        "cog",
    ]
    assert out.num_rows == 9
    rows = {(r["region"], r["item"]): r for r in out.to_pylist()}
    # E_r = (20, 20, 10), E_j = (20, 10, 20), E = 50: LQ(r1, a) = 0.5 / 0.4.
    assert rows[("r1", "a")]["lq"] == pytest.approx(1.25)
    assert rows[("r1", "b")]["lq"] == pytest.approx(2.5)
    assert rows[("r3", "a")]["value"] == 0.0
    assert [rows[("r1", i)]["mcp"] for i in "abc"] == [1, 1, 0]
    assert rows[("r3", "c")]["diversity"] == 1
    assert rows[("r1", "c")]["ubiquity"] == 2
    eci_hand, pci_hand = _by_hand()
    assert rows[("r1", "a")]["eci"] == pytest.approx(eci_hand[0])
    assert rows[("r3", "b")]["pci"] == pytest.approx(pci_hand[1])
    assert rows[("r3", "b")]["density"] == pytest.approx(0.0)


def test_specialisation_sums_duplicates_and_keeps_periods() -> None:
    doubled = [*HAND, ("r1", "a", 0.0)]
    table = ibis.memtable(
        pa.concat_tables([_values(doubled, 2020).to_pyarrow(), _values(HAND, 2021).to_pyarrow()])
    )
    out = specialisation(table, cols=COLS | {"time": "year"}).to_pyarrow()
    assert out.column_names[:3] == ["region", "item", "time"]
    assert out.num_rows == 18
    assert sorted(set(out.column("time").to_pylist())) == [2020, 2021]


def test_proximity_table() -> None:
    rows = proximity(_values(HAND), cols=COLS).to_pyarrow().to_pylist()
    phi = {(r["item"], r["other_item"]): r["proximity"] for r in rows}
    assert len(rows) == 6
    assert phi[("a", "b")] == pytest.approx(0.5)
    assert phi[("b", "c")] == 0.0
    assert {r["co_occurrence"] for r in rows if r["item"] == "a"} == {1}


def test_degenerate_inputs_are_clear_errors() -> None:
    with pytest.raises(AnalysisError, match="empty"):
        specialisation(_values(HAND).filter(lambda t: t.n < 0), cols=COLS)
    with pytest.raises(AnalysisError, match="negative"):
        specialisation(_values([*HAND, ("r2", "b", -1.0)]), cols=COLS)
    with_null = ibis.memtable(
        pa.table({"kommun": ["r1", "r2"], "ssyk": ["a", "b"], "n": pa.array([1.0, None])})
    )
    with pytest.raises(AnalysisError, match="missing"):
        specialisation(with_null, cols=COLS)
    with pytest.raises(AnalysisError, match=r"all 0|Every value"):
        specialisation(_values([("r1", "a", 0.0), ("r2", "b", 0.0)]), cols=COLS)
    with pytest.raises(AnalysisError, match="threshold"):
        specialisation(_values(HAND), cols=COLS, threshold=0)
    with pytest.raises(AnalysisError, match="Unknown column role"):
        specialisation(_values(HAND), cols={"place": "kommun"})


def test_single_item_gives_documented_nulls() -> None:
    table = _values([("r1", "a", 5.0), ("r2", "a", 7.0)])
    with pytest.warns(AnalysisWarning, match="undefined"):
        rows = specialisation(table, cols=COLS).to_pyarrow().to_pylist()
    assert [r["lq"] for r in rows] == [1.0, 1.0]
    assert all(r["mcp"] == 1 and r["density"] == 0.0 for r in rows)
    assert all(r["eci"] is None and r["pci"] is None and r["cog"] is None for r in rows)


def test_identical_regions_have_no_complexity() -> None:
    same = [(r, i, 3.0) for r in ("r1", "r2", "r3") for i in ("a", "b")]
    with pytest.warns(AnalysisWarning, match="same complexity|undefined"):
        rows = specialisation(_values(same), cols=COLS).to_pyarrow().to_pylist()
    assert all(r["eci"] is None for r in rows)
    with pytest.raises(ComplexityUndefined):
        complexity_indices(np.ones((3, 2)))


def test_zero_region_and_no_presence_are_left_out_with_a_warning() -> None:
    rows = [*HAND, ("r4", "a", 0.0), ("r4", "b", 0.0)]
    with pytest.warns(AnalysisWarning, match="r4"):
        out = specialisation(_values(rows), cols=COLS).to_pyarrow()
    assert "r4" not in out.column("region").to_pylist()
    # r4 has the national structure (LQ 1 everywhere): no presence at a threshold of 1.3,
    # so it is left out of ECI/PCI (null), the other regions keep theirs.
    national = [
        ("r1", "a", 10),
        ("r1", "b", 10),
        ("r2", "a", 10),
        ("r2", "c", 10),
        ("r3", "c", 20),
        ("r4", "a", 4),
        ("r4", "b", 2),
        ("r4", "c", 6),
    ]
    with pytest.warns(AnalysisWarning, match="without presence"):
        strict = specialisation(_values(national), cols=COLS, threshold=1.3).to_pyarrow()
    by_region = {r["region"]: r for r in strict.to_pylist()}
    assert by_region["r4"]["lq"] == pytest.approx(1.0)
    assert by_region["r4"]["diversity"] == 0
    assert by_region["r4"]["eci"] is None
    assert by_region["r4"]["coi"] is None
    assert by_region["r1"]["eci"] is not None


def test_product_space_rejects_non_binary() -> None:
    with pytest.raises(ValueError, match="only 0 and 1"):
        product_space(np.array([[0.5, 1.0], [1.0, 0.0]]))
