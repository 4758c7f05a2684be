from __future__ import annotations

import pyarrow as pa
import pytest

from ecc_atlas.disclosure import DisclosurePolicy, protect

POLICY = DisclosurePolicy()


def _table(rows: list[tuple[str, str, int]]) -> pa.Table:
    kommun, ssyk, employees = zip(*rows, strict=True)
    return pa.table(
        {
            "kommun": list(kommun),
            "ssyk": list(ssyk),
            "employees": pa.array(employees, type=pa.int64()),
        }
    )


def test_frequency_rule_nulls_small_cells_and_keeps_rows() -> None:
    table = _table([("1980", "2", 12), ("1980", "3", 3), ("1980", "5", 20), ("1980", "7", 9)])
    out = protect(
        table, dimensions=["ssyk"], values=["employees"], persons="employees", policy=POLICY
    )
    assert out.num_rows == 4
    assert out.column_names == ["kommun", "ssyk", "employees", "suppressed", "suppression_reason"]
    assert out.column("employees").to_pylist() == [12, None, 20, None]
    assert out.column("suppression_reason").to_pylist() == [None, "frequency", None, "secondary"]
    assert out.column("suppressed").to_pylist() == [False, True, False, True]
    assert out.column("kommun").to_pylist() == ["1980"] * 4


def test_nothing_to_suppress_returns_values_unchanged() -> None:
    table = _table([("1980", "2", 12), ("1980", "3", 8)])
    out = protect(
        table, dimensions=["ssyk"], values=["employees"], persons="employees", policy=POLICY
    )
    assert out.column("employees").to_pylist() == [12, 8]
    assert out.column("suppression_reason").null_count == 2


def test_organisation_rule_and_separate_count_columns_are_withheld() -> None:
    table = pa.table(
        {
            "ssyk": ["2", "3", "5"],
            "hires": [40, 30, 12],
            "persons": [40, 30, 12],
            "orgs": [5, 2, 4],
        }
    )
    out = protect(
        table,
        dimensions=["ssyk"],
        values=["hires"],
        persons="persons",
        organisations="orgs",
        policy=POLICY,
    )
    assert out.column("suppression_reason").to_pylist() == [None, "frequency", "secondary"]
    assert out.column("persons").to_pylist() == [40, None, None]
    assert out.column("orgs").to_pylist() == [5, None, None]


def test_dominance_rule_on_magnitudes() -> None:
    table = pa.table(
        {
            "kommun": ["1980", "1983", "1984", "1907"],
            "exports_msek": [900.0, 120.0, 80.0, 40.0],
            "orgs": [10, 6, 4, 3],
            "top2": [0.92, 0.5, 0.85, 0.3],
        }
    )
    out = protect(
        table,
        dimensions=["kommun"],
        values=["exports_msek"],
        organisations="orgs",
        top2_share="top2",
        policy=POLICY,
    )
    # 0.92 > 0.85 dominates; 0.85 is not *above* k
    assert out.column("suppression_reason").to_pylist() == ["dominance", None, None, "secondary"]
    assert out.column("top2").to_pylist() == [None, 0.5, 0.85, None]


def test_share_outside_unit_interval_is_an_error() -> None:
    table = pa.table({"k": ["a", "b"], "v": [1.0, 2.0], "top2": [0.5, 85.0]})
    with pytest.raises(ValueError, match="between 0 and 1"):
        protect(table, dimensions=["k"], values=["v"], top2_share="top2", policy=POLICY)


def test_two_way_table_reaches_a_fixed_point() -> None:
    # kommun × ssyk; one small cell forces a partner in its row AND its column, which in turn
    # forces a fourth cell (the classic 2×2 pattern)
    rows = [
        ("A", "x", 2), ("A", "y", 30), ("A", "z", 50),
        ("B", "x", 40), ("B", "y", 20), ("B", "z", 60),
        ("C", "x", 45), ("C", "y", 70), ("C", "z", 80),
    ]  # fmt: skip
    out = protect(
        _table(rows), dimensions=["kommun", "ssyk"], values=["employees"], persons="employees",
        policy=POLICY,
    )  # fmt: skip
    hidden = {
        (k, s)
        for k, s, flag in zip(
            out.column("kommun").to_pylist(),
            out.column("ssyk").to_pylist(),
            out.column("suppressed").to_pylist(),
            strict=True,
        )
        if flag
    }
    assert hidden == {("A", "x"), ("A", "y"), ("B", "x"), ("B", "y")}
    for dim in ("kommun", "ssyk"):
        groups: dict[str, int] = {}
        other = "ssyk" if dim == "kommun" else "kommun"
        for key, flag in zip(
            out.column(other).to_pylist(), out.column("suppressed").to_pylist(), strict=True
        ):
            groups[key] = groups.get(key, 0) + int(flag)
        assert all(n != 1 for n in groups.values())


def test_explicit_total_row_is_part_of_the_relation() -> None:
    table = _table([("1980", "Totalt", 40), ("1980", "2", 3), ("1980", "3", 17), ("1980", "5", 20)])
    out = protect(
        table, dimensions=["ssyk"], values=["employees"], persons="employees", policy=POLICY
    )
    # the total is published; the partner is the smallest ordinary cell, never the total
    assert out.column("suppression_reason").to_pylist() == [None, "frequency", "secondary", None]


def test_total_is_withheld_when_it_is_the_only_partner() -> None:
    table = _table([("1980", "Totalt", 3), ("1980", "2", 3)])
    out = protect(
        table, dimensions=["ssyk"], values=["employees"], persons="employees", policy=POLICY
    )
    assert out.column("suppression_reason").to_pylist() == ["frequency", "frequency"]
    table = pa.table({"ssyk": ["Total", "2"], "v": [50, 49], "orgs": [4, 2]})
    out = protect(table, dimensions=["ssyk"], values=["v"], organisations="orgs", policy=POLICY)
    assert out.column("suppression_reason").to_pylist() == ["secondary", "frequency"]


def test_zero_partner_is_not_enough() -> None:
    # a zero partner would leave the suppressed cell equal to margin minus the published cells
    table = pa.table({"k": ["a", "b", "c", "d"], "v": [2, 0, 30, 40], "n": [2, 9, 30, 40]})
    out = protect(table, dimensions=["k"], values=["v"], persons="n", policy=POLICY)
    assert out.column("suppression_reason").to_pylist() == ["frequency", None, "secondary", None]


def test_null_count_is_suppressed() -> None:
    table = pa.table({"k": ["a", "b", "c"], "v": [10, 20, 30], "n": pa.array([10, None, 30])})
    out = protect(table, dimensions=["k"], values=["v"], persons="n", policy=POLICY)
    # an unknown count counts as zero when partners are chosen, so both others are withheld
    assert out.column("suppression_reason").to_pylist() == ["secondary", "frequency", "secondary"]


def test_rounding_to_base_five_after_suppression() -> None:
    policy = DisclosurePolicy(rounding_base=5)
    table = pa.table(
        {"k": ["a", "b", "c", "d"], "n": [12, 3, 18, 7], "fte": [11.2, 2.5, 17.5, 6.0]}
    )
    out = protect(table, dimensions=["k"], values=["n", "fte"], persons="n", policy=policy)
    assert out.column("n").to_pylist() == [10, None, 20, None]
    assert out.column("fte").to_pylist() == [10.0, None, 20.0, None]
    assert out.schema.field("n").type == pa.int64()


def test_policy_thresholds_change_the_outcome() -> None:
    table = _table([("1980", "2", 12), ("1980", "3", 7), ("1980", "5", 20)])
    strict = protect(
        table, dimensions=["ssyk"], values=["employees"], persons="employees",
        policy=DisclosurePolicy(min_persons=10),
    )  # fmt: skip
    assert strict.column("suppressed").to_pylist() == [True, True, False]


def test_empty_table_and_no_dimensions() -> None:
    empty = pa.table({"k": pa.array([], pa.string()), "v": pa.array([], pa.int64())})
    out = protect(empty, dimensions=["k"], values=["v"], persons="v", policy=POLICY)
    assert out.num_rows == 0
    assert "suppressed" in out.column_names
    single = pa.table({"v": [3, 30]})
    out = protect(single, dimensions=[], values=["v"], persons="v", policy=POLICY)
    assert out.column("suppression_reason").to_pylist() == ["frequency", None]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dimensions": ["k"], "values": ["v"]}, "persons, organisations or top2_share"),
        ({"dimensions": ["k"], "values": ["nope"], "persons": "v"}, "not in the table"),
        ({"dimensions": ["k"], "values": [], "persons": "v"}, "at least one value"),
        ({"dimensions": ["v"], "values": ["v"], "persons": "v"}, "both dimension and value"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    table = pa.table({"k": ["a"], "v": [1]})
    with pytest.raises(ValueError, match=message):
        protect(table, policy=POLICY, **kwargs)  # type: ignore[arg-type]


def test_existing_output_column_is_refused() -> None:
    table = pa.table({"k": ["a"], "v": [1], "suppressed": [False]})
    with pytest.raises(ValueError, match="output column"):
        protect(table, dimensions=["k"], values=["v"], persons="v", policy=POLICY)
