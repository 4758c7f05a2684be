"""A client of the PxWeb API v2 (SCB's Statistikdatabasen) that stays within its limits.

It reads ``maxDataCells``, ``maxCallsPerTimeWindow`` and ``timeWindow`` from ``/config``,
splits a selection into calls of at most ``maxDataCells`` cells each (keeping the responses
in row-major order, so that their tables concatenate into the table of the whole
selection) and waits before a call that would exceed the rate limit. The HTTP session, the
clock and the sleep function are injectable, so tests replay recorded responses without
network and without waiting.

Selections map a variable code to value codes or expressions: ``"*"`` (all), wildcards
(``"01*"``, ``"?"``), or expressions the server resolves (``"top(3)"``, ``"bottom(2)"``,
``"range(a,b)"``, ``"from(x)"``, ``"to(x)"``; these are sent as they are and not split).
A variable left out is eliminated when the table allows it, otherwise all of it is selected.
"""

from __future__ import annotations

import fnmatch
import math
import re
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.http import HttpSession, UrllibSession
from ecc_atlas.ingest.jsonstat import read_categories

__all__ = [
    "DEFAULT_API_URL",
    "ApiConfig",
    "PxWebClient",
    "TableInfo",
    "VariableSelection",
    "parse_codelist",
    "parse_table_list",
    "split_selection",
]

DEFAULT_API_URL = "https://statistikdatabasen.scb.se/api/v2"
_SERVER_EXPRESSION = re.compile(r"(?i)^(top|bottom|range|from|to)\((.*)\)$")
_RETRY_STATUS = {429, 502, 503, 504}


@dataclass(frozen=True)
class ApiConfig:
    """Limits of a PxWeb v2 API (from ``GET /config``)."""

    max_data_cells: int
    max_calls: int
    time_window: float
    api_version: str = ""

    @classmethod
    def from_json(cls, doc: Any, *, name: str = "/config") -> ApiConfig:
        """Read the limits from a ``/config`` response."""
        if not isinstance(doc, dict):
            raise IngestError.single(name, "a PxWeb v2 /config object")
        values = {}
        for key in ("maxDataCells", "maxCallsPerTimeWindow", "timeWindow"):
            value = doc.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise IngestError.single(name, "a positive number", field=key, found=value)
            values[key] = value
        return cls(
            max_data_cells=int(values["maxDataCells"]),
            max_calls=int(values["maxCallsPerTimeWindow"]),
            time_window=float(values["timeWindow"]),
            api_version=str(doc.get("apiVersion", "")),
        )


@dataclass(frozen=True)
class TableInfo:
    """One table of a ``/tables`` listing."""

    id: str
    label: str
    updated: str | None
    first_period: str | None
    last_period: str | None


def parse_table_list(doc: Any, *, name: str = "/tables") -> list[TableInfo]:
    """The tables of a ``/tables?query=`` response."""
    tables = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(tables, list):
        raise IngestError.single(name, "a list of tables", field="tables")
    result = []
    for row, table in enumerate(tables, start=1):
        if not isinstance(table, dict) or not isinstance(table.get("id"), str):
            raise IngestError.single(name, "a table with an id", row=row, field="tables")
        result.append(
            TableInfo(
                id=table["id"],
                label=str(table.get("label", "")),
                updated=table.get("updated"),
                first_period=table.get("firstPeriod"),
                last_period=table.get("lastPeriod"),
            )
        )
    return result


def parse_codelist(doc: Any, *, name: str = "/codelists") -> list[str]:
    """The value codes of a ``/codelists/{id}`` response, in order."""
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise IngestError.single(name, "a list of values", field="values")
    codes = []
    for row, value in enumerate(values, start=1):
        if not isinstance(value, dict) or not isinstance(value.get("code"), str):
            raise IngestError.single(name, "a value with a code", row=row, field="values")
        codes.append(value["code"])
    return codes


@dataclass(frozen=True)
class VariableSelection:
    """The values of one variable in one call (``count`` estimates server expressions)."""

    code: str
    values: tuple[str, ...]
    codelist: str | None = None
    splittable: bool = True
    count: int = 0

    @property
    def size(self) -> int:
        """Number of cells this variable contributes (a factor of the call's cells)."""
        return self.count or len(self.values)

    def to_json(self) -> dict[str, Any]:
        """The variable's part of a v2 POST body."""
        body: dict[str, Any] = {"variableCode": self.code, "valueCodes": list(self.values)}
        if self.codelist:
            body["codelist"] = self.codelist
        return body


class PxWebClient:
    """PxWeb v2 client: metadata, codelists and data calls within the API's limits."""

    def __init__(
        self,
        base_url: str = DEFAULT_API_URL,
        session: HttpSession | None = None,
        *,
        lang: str = "sv",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60.0,
        max_retries: int = 3,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session: HttpSession = UrllibSession() if session is None else session
        self.lang = lang
        self.clock = clock
        self.sleep = sleep
        self.timeout = timeout
        self.max_retries = max_retries
        self.calls = 0
        self._recent: deque[float] = deque()
        self._config: ApiConfig | None = None

    # -- transport ------------------------------------------------------------------------
    def _throttle(self, config: ApiConfig | None) -> None:
        if config is None:
            return
        now = self.clock()
        while self._recent and self._recent[0] <= now - config.time_window:
            self._recent.popleft()
        if len(self._recent) >= config.max_calls:
            wait = self._recent[0] + config.time_window - now
            if wait > 0:
                self.sleep(wait)
            now = self.clock()
            while self._recent and self._recent[0] <= now - config.time_window:
                self._recent.popleft()
        self._recent.append(now)

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}{path}"
        config = self._config
        for attempt in range(self.max_retries + 1):
            self._throttle(config)
            self.calls += 1
            call = self.session.post if method == "POST" else self.session.get
            response = call(url, timeout=self.timeout, **kwargs)
            status = int(response.status_code)
            if status == 200:
                return response.json()
            if status in _RETRY_STATUS and attempt < self.max_retries:
                self.sleep(config.time_window if config else 2.0**attempt)
                continue
            detail = _error_detail(response)
            raise IngestError.single(
                url, f"a successful response from the PxWeb API (HTTP {status}){detail}"
            )
        raise AssertionError("unreachable")  # pragma: no cover

    # -- endpoints ------------------------------------------------------------------------
    def config(self) -> ApiConfig:
        """The API's limits (read once from ``/config``)."""
        if self._config is None:
            self._config = ApiConfig.from_json(
                self._request("GET", "/config"), name=f"{self.base_url}/config"
            )
            self._recent.append(self.clock())
        return self._config

    def metadata(self, table_id: str) -> dict[str, Any]:
        """The table's metadata: JSON-stat 2 without values."""
        self.config()
        doc = self._request("GET", f"/tables/{table_id}/metadata", params={"lang": self.lang})
        if not isinstance(doc, dict) or not isinstance(doc.get("dimension"), dict):
            raise IngestError.single(f"{table_id} metadata", "a JSON-stat 2 metadata object")
        return doc

    def codelist(self, codelist_id: str) -> list[str]:
        """The value codes of a codelist (``/codelists/{id}``)."""
        self.config()
        doc = self._request("GET", f"/codelists/{codelist_id}", params={"lang": self.lang})
        return parse_codelist(doc, name=f"codelist {codelist_id}")

    def tables(self, query: str, *, page_size: int = 100) -> list[TableInfo]:
        """Search tables (``/tables?query=``)."""
        self.config()
        params = {"query": query, "pageSize": str(page_size), "lang": self.lang}
        return parse_table_list(self._request("GET", "/tables", params=params))

    def data_url(self, table_id: str) -> str:
        """URL of a table's data endpoint."""
        return f"{self.base_url}/tables/{table_id}/data?lang={self.lang}&outputFormat=json-stat2"

    # -- planning -------------------------------------------------------------------------
    def resolve(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]] | None = None,
        codelists: Mapping[str, str] | None = None,
    ) -> list[VariableSelection]:
        """Resolve a selection against the table's metadata, in the table's variable order."""
        meta = self.metadata(table_id)
        selection = dict(selection or {})
        codelists = dict(codelists or {})
        ids: list[str] = [str(i) for i in meta.get("id", [])]
        unknown = sorted((set(selection) | set(codelists)) - set(ids))
        if unknown:
            raise IngestError.single(
                table_id, f"variables of the table ({', '.join(ids)})", found=unknown
            )
        resolved: list[VariableSelection] = []
        for dim_id, size in zip(ids, meta.get("size", []), strict=False):
            body = meta["dimension"].get(dim_id, {})
            extension = body.get("extension") if isinstance(body.get("extension"), dict) else {}
            if dim_id not in selection and extension.get("elimination") is True:
                continue
            if dim_id in codelists:
                available = self.codelist(codelists[dim_id])
            else:
                available, _ = read_categories(table_id, dim_id, body, int(size))
            expressions = list(selection.get(dim_id, ["*"]))
            resolved.append(
                _resolve_variable(table_id, dim_id, expressions, available, codelists.get(dim_id))
            )
        return resolved

    def plan(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]] | None = None,
        codelists: Mapping[str, str] | None = None,
    ) -> list[list[VariableSelection]]:
        """The calls needed for a selection, each within ``maxDataCells``, in row-major order."""
        variables = self.resolve(table_id, selection, codelists)
        return split_selection(variables, self.config().max_data_cells, name=table_id)

    def fetch(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]] | None = None,
        codelists: Mapping[str, str] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]:
        """Fetch the data of a selection as JSON-stat 2 responses, one per call."""
        calls = self.plan(table_id, selection, codelists)
        responses = []
        for number, call in enumerate(calls, start=1):
            body = {"selection": [variable.to_json() for variable in call]}
            responses.append(
                self._request(
                    "POST",
                    f"/tables/{table_id}/data",
                    params={"lang": self.lang, "outputFormat": "json-stat2"},
                    json=body,
                )
            )
            if progress is not None:
                progress(number, len(calls))
        return responses


def _error_detail(response: Any) -> str:
    try:
        body = response.json()
    except (ValueError, TypeError, IngestError):  # an error body that is not JSON
        return ""
    if isinstance(body, dict):
        for key in ("detail", "title", "message", "error"):
            if body.get(key):
                return f": {body[key]}"
    return ""


def _resolve_variable(
    table_id: str,
    dim_id: str,
    expressions: Sequence[str],
    available: Sequence[str],
    codelist: str | None,
) -> VariableSelection:
    order = {code: i for i, code in enumerate(available)}
    chosen: set[str] = set()
    server: list[str] = []
    estimate = 0
    for expression in expressions:
        text = str(expression).strip()
        match = _SERVER_EXPRESSION.match(text)
        if match:
            server.append(text)
            argument = match.group(2).split(",")[0].strip()
            is_count = match.group(1).lower() in ("top", "bottom") and argument.isdigit()
            estimate += int(argument) if is_count else len(available)
        elif any(ch in text for ch in "*?"):
            chosen.update(code for code in available if fnmatch.fnmatchcase(code, text))
        elif text in order:
            chosen.add(text)
        else:
            where = f"codelist {codelist}" if codelist else f"table {table_id}"
            raise IngestError.single(
                table_id, f"a value code of {dim_id} in {where}", field=dim_id, found=text
            )
    if server:
        values = tuple(sorted(chosen, key=order.__getitem__)) + tuple(server)
        count = min(len(chosen) + estimate, len(available)) or 1
        return VariableSelection(dim_id, values, codelist, splittable=False, count=count)
    if not chosen:
        raise IngestError.single(table_id, "a selection that matches values", field=dim_id)
    return VariableSelection(dim_id, tuple(sorted(chosen, key=order.__getitem__)), codelist)


def split_selection(
    variables: Sequence[VariableSelection], max_cells: int, *, name: str = "selection"
) -> list[list[VariableSelection]]:
    """Split a selection into calls of at most ``max_cells`` cells, in row-major order.

    Leading variables are taken one value at a time until the rest fits; the variable
    where it starts to fit is cut into the largest pieces that fit. Concatenating the
    responses in the returned order gives the rows of the whole selection in order.
    """
    calls: list[list[VariableSelection]] = [[]]
    fixed = 1  # cells of one call contributed by the variables already placed
    for j, variable in enumerate(variables):
        rest = math.prod(v.size for v in variables[j + 1 :])
        if fixed * variable.size * rest <= max_cells or not variable.splittable:
            calls = [[*call, variable] for call in calls]
            fixed *= variable.size
            continue
        per = max(1, max_cells // (fixed * rest))
        pieces = [
            VariableSelection(variable.code, variable.values[i : i + per], variable.codelist)
            for i in range(0, len(variable.values), per)
        ]
        calls = [[*call, piece] for call in calls for piece in pieces]
        fixed *= per
    for call in calls:
        cells = math.prod(v.size for v in call)
        if cells > max_cells:
            raise IngestError.single(
                name,
                f"a selection that can be split into calls of at most {max_cells} cells "
                "(select fewer values of the variables given as top()/range() expressions)",
                found=cells,
            )
    return calls
