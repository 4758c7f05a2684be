"""The JobTech Taxonomy importer: the legacy dump, REST and GraphQL answers, the API (replayed),
type-wise replacement, idempotence, errors that name the record and field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.jobtech_taxonomy import (
    DATASET,
    import_jobtech_taxonomy,
    parse_taxonomy,
)
from ecc_atlas.warehouse import Catalog

LEGACY: dict[str, Any] = {
    "occupation-group": {
        "2143": {"conceptId": "iGzV_VUC_aVs", "legacyAmsTaxonomyId": "2143",
                 "preferredTerm": "Civilingenjörsyrken inom elteknik", "type": "occupation-group"},
        "3113": {"conceptId": "ekCs_V9x_Yh5", "legacyAmsTaxonomyId": "3113",
                 "preferredTerm": "Ingenjörer och tekniker inom elektroteknik",
                 "type": "occupation-group"},
    },
    "skill": {
        "600": {"conceptId": "PXAk_ZUW_Zer", "legacyAmsTaxonomyId": "600",
                "preferredTerm": "Högspänning", "type": "skill"},
    },
    "municipality": {
        "1980": {"conceptId": "8deT_FRF_2SP", "legacyAmsTaxonomyId": "1980",
                 "preferredTerm": "Västerås", "type": "municipality"},
    },
    "region": {
        "19": {"conceptId": "G6DV_fKE_Viz", "legacyAmsTaxonomyId": "19",
               "preferredTerm": "Västmanlands län", "type": "region"},
        "90": {"conceptId": "unsp_eci_fied", "legacyAmsTaxonomyId": "90",
               "preferredTerm": "Ospecificerad arbetsort", "type": "region"},
    },
    "language": {
        "10": {"conceptId": "zSLA_vw2_FXN", "legacyAmsTaxonomyId": "10",
               "preferredTerm": "Svenska", "type": "language"},
    },
}  # fmt: skip

GRAPHQL: dict[str, Any] = {
    "data": {
        "concepts": [
            {"id": "iGzV_VUC_aVs", "type": "ssyk-level-4", "ssyk_code_2012": "2143",
             "preferred_label": "Civilingenjörsyrken inom elteknik", "definition": "Planerar …",
             "broader": [{"id": "6Hq3_tKo_V57", "type": "ssyk-level-3"}]},
            {"id": "Bxwz_vJq_cX5", "type": "occupation-name",
             "preferred_label": "Reläskyddsingenjör", "deprecated_legacy_id": "7788",
             "broader": [{"id": "x", "type": "occupation-field"},
                         {"id": "iGzV_VUC_aVs", "type": "ssyk-level-4"}]},
        ]
    }
}  # fmt: skip


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_legacy_dump_types_codes_and_filter() -> None:
    table = parse_taxonomy(LEGACY, name="dump.json")
    rows = {r["concept_id"]: r for r in table.to_pylist()}
    assert rows["iGzV_VUC_aVs"]["type"] == "ssyk-level-4"  # occupation-group, renamed
    assert rows["iGzV_VUC_aVs"]["code"] == "2143"
    assert rows["8deT_FRF_2SP"]["code"] == "1980"
    assert rows["G6DV_fKE_Viz"]["code"] == "19"
    assert rows["unsp_eci_fied"]["code"] is None  # "90" is no län
    assert rows["PXAk_ZUW_Zer"]["code"] is None
    assert rows["PXAk_ZUW_Zer"]["legacy_id"] == "600"
    assert {r["taxonomy_version"] for r in rows.values()} == {"legacy"}
    only = parse_taxonomy(LEGACY, name="dump.json", types=["occupation-group", "skill"])
    assert sorted(set(only.column("type").to_pylist())) == ["skill", "ssyk-level-4"]


def test_rest_and_graphql_answers() -> None:
    rest = [
        {"taxonomy/id": "PXAk_ZUW_Zer", "taxonomy/type": "skill",
         "taxonomy/preferred-label": "Högspänning", "taxonomy/definition": "El över 1 kV"},
        {"taxonomy/id": "iGzV_VUC_aVs", "taxonomy/type": "ssyk-level-4",
         "taxonomy/preferred-label": "Civilingenjörsyrken inom elteknik",
         "taxonomy/ssyk-code-2012": "2143"},
    ]  # fmt: skip
    table = parse_taxonomy(rest, name="rest.json", version="21")
    rows = {r["concept_id"]: r for r in table.to_pylist()}
    assert rows["PXAk_ZUW_Zer"]["definition"] == "El över 1 kV"
    assert rows["iGzV_VUC_aVs"]["code"] == "2143"
    assert {r["taxonomy_version"] for r in rows.values()} == {"21"}
    graph = {r["concept_id"]: r for r in parse_taxonomy(GRAPHQL, name="g.json").to_pylist()}
    name = graph["Bxwz_vJq_cX5"]
    assert (name["broader_id"], name["broader_type"]) == ("iGzV_VUC_aVs", "ssyk-level-4")
    assert name["legacy_id"] == "7788"
    assert graph["iGzV_VUC_aVs"]["code"] == "2143"


def test_errors_name_the_record_and_field() -> None:
    bad = [
        {"taxonomy/id": "a", "taxonomy/type": "skill", "taxonomy/preferred-label": "Ett"},
        {"taxonomy/id": "b", "taxonomy/type": "skill", "taxonomy/preferred-label": ""},
        {"taxonomy/id": "a", "taxonomy/type": "skill", "taxonomy/preferred-label": "Igen"},
        "not an object",
    ]
    with pytest.raises(IngestError) as caught:
        parse_taxonomy(bad, name="bad.json")
    text = caught.value.report()
    # the fields as the REST document names them
    assert "bad.json, row 2, field '[1].taxonomy/preferred-label'" in text
    assert "row 3, field '[2].taxonomy/id': each concept once ([0] has it)" in text
    assert "row 4" in text
    with pytest.raises(IngestError, match="a JobTech taxonomy document"):
        parse_taxonomy("text", name="x.json")


def test_import_replaces_types_keeps_others_and_is_idempotent(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "warehouse")
    dump = _write(tmp_path / "dump.json", LEGACY)
    first = import_jobtech_taxonomy(catalog, dump, user="t", types=None)
    assert first.changed
    assert catalog.entry(DATASET).parameters["type_versions"]["skill"] == "legacy"
    again = import_jobtech_taxonomy(catalog, dump, user="t", types=None)
    assert not again.changed
    rest = _write(
        tmp_path / "skills.json",
        [{"taxonomy/id": "NEW1_abc_def", "taxonomy/type": "skill",
          "taxonomy/preferred-label": "Reläskydd"}],
    )  # fmt: skip
    dry = import_jobtech_taxonomy(catalog, rest, user="t", version="22", dry_run=True)
    assert dry.dry_run
    assert "NEW1_abc_def" not in catalog.read_arrow(DATASET).column("concept_id").to_pylist()
    import_jobtech_taxonomy(catalog, rest, user="t", version="22")
    rows = catalog.read_arrow(DATASET).to_pylist()
    skills = [r for r in rows if r["type"] == "skill"]
    assert [s["concept_id"] for s in skills] == ["NEW1_abc_def"]  # the type was replaced
    assert any(r["type"] == "ssyk-level-4" for r in rows)  # other types kept
    versions = catalog.entry(DATASET).parameters["type_versions"]
    assert versions["skill"] == "22"
    assert versions["ssyk-level-4"] == "legacy"


@dataclass
class _Response:
    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body


class _Replay:
    """Replays recorded GraphQL answers by the query's concept type."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def get(self, url: str, *, params: Any = None, timeout: Any = None) -> _Response:
        query = params["query"] if params else parse_qs(urlparse(url).query)["query"][0]
        self.queries.append(query)
        if "versions" in query:
            return _Response(200, {"data": {"versions": [{"id": 20}, {"id": 23}, {"id": 21}]}})
        kind = query.split('type: "')[1].split('"')[0]
        concepts = [c for c in GRAPHQL["data"]["concepts"] if c["type"] == kind]
        return _Response(200, {"data": {"concepts": concepts}})

    def post(self, url: str, **kwargs: Any) -> _Response:
        raise AssertionError("the importer only reads")


def test_api_is_queried_per_type_with_the_latest_version(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "warehouse")
    session = _Replay()
    seen: list[tuple[int, int]] = []
    summary = import_jobtech_taxonomy(
        catalog,
        api_url="https://taxonomy.example/v1/taxonomy",
        session=session,
        types=["ssyk-level-4", "occupation-name"],
        user="t",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert summary.input == "https://taxonomy.example/v1/taxonomy"
    assert len(session.queries) == 3
    assert seen[-1] == (2, 2)
    rows = catalog.read_arrow(DATASET).to_pylist()
    assert {r["taxonomy_version"] for r in rows} == {"23"}
    assert len(rows) == 2


def test_api_errors_are_clear(tmp_path: Path) -> None:
    class Failing(_Replay):
        def get(self, url: str, *, params: Any = None, timeout: Any = None) -> _Response:
            return _Response(200, {"errors": [{"message": "Cannot query field"}]})

    with pytest.raises(IngestError, match="an answer without errors"):
        import_jobtech_taxonomy(
            Catalog(tmp_path / "w"), api_url="https://t.example", session=Failing(), user="t"
        )
    with pytest.raises(IngestError, match="either a file or --api"):
        import_jobtech_taxonomy(Catalog(tmp_path / "w"), user="t")


def test_errors_name_the_field_as_each_shape_spells_it() -> None:
    legacy = {"skill": {"1": {"conceptId": "", "legacyAmsTaxonomyId": "1", "preferredTerm": "X"}}}
    with pytest.raises(IngestError) as caught:
        parse_taxonomy(legacy, name="legacy.json")
    assert "row 1, field 'skill.1.conceptId'" in caught.value.report()
    rest = [{"taxonomy/id": "a", "taxonomy/type": "", "taxonomy/preferred-label": "Ett"}]
    with pytest.raises(IngestError) as caught:
        parse_taxonomy(rest, name="rest.json")
    assert "row 1, field '[0].taxonomy/type'" in caught.value.report()
    graph = {"data": {"concepts": [{"id": "a", "type": "skill", "preferred_label": None}]}}
    with pytest.raises(IngestError) as caught:
        parse_taxonomy(graph, name="graph.json")
    assert "row 1, field 'data.concepts[0].preferred_label'" in caught.value.report()
