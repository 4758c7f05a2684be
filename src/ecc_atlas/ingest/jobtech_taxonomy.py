"""Import the JobTech Taxonomy (Arbetsförmedlingen, CC0): occupation groups (SSYK 2012),
occupation names, skills and regions, versioned.

Inputs, recognised by their shape:

- the **legacy dump** (``{"occupation-group": {"2143": {"conceptId", "legacyAmsTaxonomyId",
  "preferredTerm", "type"}}, "skill": {…}, …}``; ``samples/jobtech/
  taxonomy_legacy_to_concept.json``) — ``occupation-group`` is stored as ``ssyk-level-4``;
- a **REST** answer of ``/v1/taxonomy/main/concepts`` (``[{"taxonomy/id", "taxonomy/type",
  "taxonomy/preferred-label", "taxonomy/definition", "taxonomy/ssyk-code-2012", …}]``);
- a **GraphQL** answer of ``/v1/taxonomy/graphql`` (``{"data": {"concepts": [{"id", "type",
  "preferred_label", "definition", "ssyk_code_2012", "lau_2_code_2015",
  "national_nuts_level_3_code_2019", "deprecated_legacy_id", "broader": [{"id", "type"}]}]}}``);
- or the **API** itself (:func:`fetch_taxonomy`: one GraphQL query per concept type and one for
  the latest version), through an injectable HTTP session so that tests replay recorded
  answers.

Output: the dataset ``jobtech_taxonomy`` with one row per concept: ``concept_id, type,
preferred_label, definition, code`` (the SSYK code of occupation groups, the kommun code of
municipalities, the län code of regions; null otherwise), ``legacy_id, broader_id,
broader_type`` and ``taxonomy_version``. An import replaces the concept types it holds and
keeps the others; the manifest records the version of each type.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ecc_atlas.ingest import codes
from ecc_atlas.ingest.base import (
    Column,
    DatasetWrite,
    ImportSummary,
    Provenance,
    Schema,
    commit,
    current_user,
)
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError
from ecc_atlas.ingest.http import HttpSession, UrllibSession
from ecc_atlas.ingest.readers import Limits, load_json_bytes, sha256_bytes
from ecc_atlas.warehouse import Catalog

__all__ = [
    "DATASET",
    "DEFAULT_API",
    "DEFAULT_TYPES",
    "SCHEMA",
    "fetch_taxonomy",
    "import_jobtech_taxonomy",
    "parse_taxonomy",
]

DATASET = "jobtech_taxonomy"
DEFAULT_API = "https://taxonomy.api.jobtechdev.se/v1/taxonomy"
#: The concept types the product uses: occupations, skills and regions.
DEFAULT_TYPES = ("ssyk-level-4", "occupation-name", "skill", "municipality", "region")
#: Types the legacy dump names differently.
_LEGACY_TYPES = {"occupation-group": "ssyk-level-4"}
_S = pa.string()
SCHEMA = Schema(
    DATASET,
    (
        Column("concept_id", _S, "JobTech concept id, e.g. 'Yx7u_AbE_Jqk'", False),
        Column("type", _S, "concept type, e.g. 'ssyk-level-4', 'skill'", False),
        Column("preferred_label", _S, "the concept's preferred label (Swedish)", False),
        Column("definition", _S, "the concept's definition, if given"),
        Column("code", _S, "SSYK 2012 code, kommun code or län code, where the type has one"),
        Column("legacy_id", _S, "the legacy AMS taxonomy id"),
        Column("broader_id", _S, "concept id of the broader concept (occupation name → group)"),
        Column("broader_type", _S, "type of the broader concept"),
        Column("taxonomy_version", _S, "taxonomy version the concept comes from", False),
    ),
)
_SORT = [("type", "ascending"), ("concept_id", "ascending")]
_QUERY = (
    'query EccAtlasConcepts { concepts(type: "%s") { id type preferred_label definition '
    "ssyk_code_2012 lau_2_code_2015 national_nuts_level_3_code_2019 deprecated_legacy_id "
    "broader { id type } } }"
)
_VERSIONS = "query EccAtlasVersions { versions { id timestamp } }"
#: How each shape spells the id, type and label fields (error messages name them so).
_FIELDS = {
    "legacy": {"id": "conceptId", "type": "type", "preferred_label": "preferredTerm"},
    "rest": {"id": "taxonomy/id", "type": "taxonomy/type",
             "preferred_label": "taxonomy/preferred-label"},
    "graphql": {"id": "id", "type": "type", "preferred_label": "preferred_label"},
}  # fmt: skip


# --- reading the three shapes ------------------------------------------------------------------


def _first(item: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = item.get(name)
        if value not in (None, ""):
            return value
    return None


def _broader(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    broader = _first(item, "broader", "taxonomy/broader")
    if isinstance(broader, dict):
        broader = [broader]
    if not isinstance(broader, list):
        return None, None
    # an occupation name's group first, then whatever is there
    ranked = sorted(
        (b for b in broader if isinstance(b, dict) and (b.get("id") or b.get("taxonomy/id"))),
        key=lambda b: str(b.get("type") or b.get("taxonomy/type")) != "ssyk-level-4",
    )
    if not ranked:
        return None, None
    chosen = ranked[0]
    return (
        str(chosen.get("id") or chosen.get("taxonomy/id")),
        _text(chosen.get("type") or chosen.get("taxonomy/type")),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _code(kind: str, value: Any) -> str | None:
    """The official code of a concept of ``kind`` (None when the type has none)."""
    if value is None:
        return None
    if kind == "ssyk-level-4":
        code = codes.normalise_code(value, 4)
        return code if code is not None and codes.is_ssyk_unit(code) else None
    if kind == "municipality":
        return codes.normalise_code(value, 4)
    if kind == "region":
        code = codes.normalise_code(value, 2)
        return code if code is not None and codes.is_lan(code) else None
    return None


def _concept_rows(
    items: Iterable[tuple[str, Any]], *, shape: str, version: str, errors: ErrorCollector
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for number, (where, item) in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.add(number, where, "a concept object", type(item).__name__)
            continue
        if shape == "legacy":
            concept = _first(item, "conceptId")
            # the type is the group the concept stands in (and, in newer dumps, also a field)
            given = _text(item.get("type")) or where.split(".", 1)[0]
            kind = _LEGACY_TYPES.get(given, given)
            label = _first(item, "preferredTerm")
            legacy = _text(item.get("legacyAmsTaxonomyId"))
            code_source: Any = legacy
            definition = None
            broader: tuple[str | None, str | None] = (None, None)
        elif shape == "rest":
            concept = _first(item, "taxonomy/id")
            kind = _text(item.get("taxonomy/type")) or ""
            label = _first(item, "taxonomy/preferred-label")
            legacy = _text(_first(item, "taxonomy/deprecated-legacy-id"))
            definition = _text(item.get("taxonomy/definition"))
            code_source = _first(
                item,
                "taxonomy/ssyk-code-2012",
                "taxonomy/lau-2-code-2015",
                "taxonomy/national-nuts-level-3-code-2019",
            )
            broader = _broader(item)
        else:
            concept = _first(item, "id")
            kind = _text(item.get("type")) or ""
            label = _first(item, "preferred_label")
            legacy = _text(item.get("deprecated_legacy_id"))
            definition = _text(item.get("definition"))
            code_source = _first(
                item, "ssyk_code_2012", "lau_2_code_2015", "national_nuts_level_3_code_2019"
            )
            broader = _broader(item)
        if kind in {"ssyk-level-4", "municipality", "region"} and code_source is None:
            code_source = legacy
        fields = _FIELDS[shape]
        problems = []
        if not isinstance(concept, str) or not concept.strip():
            problems.append(("id", "a concept id (text)"))
        if not kind:
            problems.append(("type", "a concept type such as 'skill'"))
        if not isinstance(label, str) or not label.strip():
            problems.append(("preferred_label", "a label (text)"))
        for field, expected in problems:  # named and shown as the document has them
            errors.add(number, f"{where}.{fields[field]}", expected, item.get(fields[field]))
        if problems:
            continue
        concept = str(concept).strip()
        if concept in seen:
            errors.add(
                number,
                f"{where}.{fields['id']}",
                f"each concept once ({seen[concept]} has it)",
                concept,
            )
            continue
        seen[concept] = where
        rows.append(
            {
                "concept_id": concept,
                "type": kind,
                "preferred_label": str(label).strip(),
                "definition": definition,
                "code": _code(kind, code_source),
                "legacy_id": legacy,
                "broader_id": broader[0],
                "broader_type": broader[1],
                "taxonomy_version": version,
            }
        )
    return rows


def _shape(document: Any) -> tuple[str, list[tuple[str, Any]]]:
    """Which of the three shapes ``document`` has, and its concepts with their places."""
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        concepts = document["data"].get("concepts")
        if isinstance(concepts, list):
            return "graphql", [(f"data.concepts[{i}]", c) for i, c in enumerate(concepts)]
    if (
        isinstance(document, dict)
        and document
        and all(isinstance(v, dict) for v in document.values())
    ):
        items = [
            (f"{kind}.{key}", value)
            for kind, group in document.items()
            for key, value in group.items()
        ]
        return "legacy", items
    if isinstance(document, list):
        return "rest", [(f"[{i}]", c) for i, c in enumerate(document)]
    raise IngestError.single(
        "taxonomy",
        "a JobTech taxonomy document: the legacy dump, a REST concept list or a GraphQL answer",
    )


def parse_taxonomy(
    document: Any,
    *,
    name: str,
    version: str | None = None,
    types: Sequence[str] | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> pa.Table:
    """Check a taxonomy document and return its concepts as a table of :data:`SCHEMA`.

    ``version`` defaults to ``"legacy"`` for the legacy dump and ``"unknown"`` otherwise;
    ``types`` keeps only those concept types (legacy names are translated first).
    """
    shape, items = _shape(document)
    chosen = version or ("legacy" if shape == "legacy" else "unknown")
    errors = ErrorCollector(name, limit=max_errors)
    rows = _concept_rows(items, shape=shape, version=chosen, errors=errors)
    errors.raise_if_any()
    if types:
        wanted = {_LEGACY_TYPES.get(t, t) for t in types}
        rows = [r for r in rows if r["type"] in wanted]
    if not rows:
        raise IngestError.single(name, "at least one concept of the requested types")
    return SCHEMA.table(rows).sort_by(_SORT)


# --- the API -----------------------------------------------------------------------------------


def _graphql(session: HttpSession, url: str, query: str) -> Any:
    response = session.get(f"{url}/graphql", params={"query": query}, timeout=120.0)
    if int(response.status_code) != 200:
        raise IngestError.single(f"{url}/graphql", f"HTTP 200, got {response.status_code}")
    body = response.json()
    if isinstance(body, dict) and body.get("errors"):
        raise IngestError.single(f"{url}/graphql", "an answer without errors", found=body["errors"])
    return body


def fetch_taxonomy(
    session: HttpSession,
    *,
    api_url: str = DEFAULT_API,
    types: Sequence[str] = DEFAULT_TYPES,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, Any], str]:
    """Query the Taxonomy API: every concept of ``types`` and the latest version.

    Returns one GraphQL-shaped document (``{"data": {"concepts": [...]}}``) and the version.
    """
    url = api_url.rstrip("/")
    versions = _graphql(session, url, _VERSIONS)
    found = [
        v.get("id")
        for v in (versions.get("data", {}) or {}).get("versions", []) or []
        if isinstance(v, dict)
    ]
    numbers = [int(v) for v in found if isinstance(v, int | str) and str(v).isdigit()]
    version = str(max(numbers)) if numbers else "unknown"
    concepts: list[Any] = []
    for done, kind in enumerate(types, start=1):
        body = _graphql(session, url, _QUERY % kind)
        part = (body.get("data", {}) or {}).get("concepts") if isinstance(body, dict) else None
        if not isinstance(part, list):
            raise IngestError.single(f"{url}/graphql", f"a list of {kind} concepts")
        concepts.extend(part)
        if progress is not None:
            progress(done, len(types))
    return {"data": {"concepts": concepts}}, version


# --- the import --------------------------------------------------------------------------------


def _read(source: str, limits: Limits) -> tuple[bytes, str, str]:
    path = Path(source)
    if not path.is_file():
        raise IngestError.single(source, "an existing taxonomy JSON file (or use --api)")
    limits.check(path.name, path.stat().st_size, streamed=False)
    return path.read_bytes(), path.name, str(path.resolve())


def import_jobtech_taxonomy(
    catalog: Catalog,
    source: str | Path | None = None,
    *,
    api_url: str | None = None,
    session: HttpSession | None = None,
    types: Sequence[str] | None = None,
    version: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import a saved taxonomy document (``source``) or fetch it from ``api_url``.

    The concept types in the input replace those types in the dataset; the other types stay.
    """
    limits = limits or Limits.from_env()
    if (source is None) == (api_url is None):
        raise IngestError.single("jobtech-taxonomy", "either a file or --api, not both")
    if api_url is not None:
        http = session if session is not None else UrllibSession(max_bytes=limits.max_json_bytes)
        document, fetched = fetch_taxonomy(
            http, api_url=api_url, types=types or DEFAULT_TYPES, progress=progress
        )
        data = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        name, origin = api_url, api_url
        version = version or fetched
    else:
        data, name, origin = _read(str(source), limits)
        document = load_json_bytes(data, name)
    new = parse_taxonomy(document, name=name, version=version, types=types, max_errors=max_errors)
    kinds = sorted(set(new.column("type").to_pylist()))
    taxonomy_version = new.column("taxonomy_version")[0].as_py()
    digest = sha256_bytes(data)
    provenance = Provenance(
        DATASET,
        origin,
        digest,
        user or current_user(),
        {"types": kinds, "taxonomy_version": taxonomy_version},
    )
    table, replaced, type_versions = new, 0, {}
    if DATASET in catalog:
        old = SCHEMA.conform(catalog.read_arrow(DATASET))
        mask = pa.array([k in kinds for k in old.column("type").to_pylist()], pa.bool_())
        replaced = sum(mask.to_pylist())
        rest = old.filter(pc.invert(mask))
        table = pa.concat_tables([rest, new]).sort_by(_SORT)
        previous = catalog.entry(DATASET).parameters.get("type_versions", {})
        kept = set(rest.column("type").to_pylist())
        type_versions = {k: v for k, v in previous.items() if k in kept}
    type_versions.update(dict.fromkeys(kinds, taxonomy_version))
    write = DatasetWrite(
        name=DATASET,
        source="JobTech Taxonomy (Arbetsförmedlingen, CC0)",
        rows_added=new.num_rows,
        rows_replaced=replaced,
        table=table,
        description="JobTech taxonomy concepts: occupation groups (SSYK 2012), occupation "
        "names, skills and regions, with the version of each type.",
        classification_versions={"occupation": "SSYK 2012", "taxonomy": taxonomy_version},
        parameters={"type_versions": dict(sorted(type_versions.items()))},
    )
    counts = {f"concepts_{k.replace('-', '_')}": int(pc.sum(pc.equal(new["type"], k)).as_py())
              for k in kinds}  # fmt: skip
    return commit(catalog, [write], provenance=provenance, dry_run=dry_run, counts=counts)
