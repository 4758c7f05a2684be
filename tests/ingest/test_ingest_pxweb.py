"""The PxWeb v2 client: limits from /config, splitting, rate limiting — replayed, no network."""

from __future__ import annotations

import http.server
import json
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.http import UrllibSession
from ecc_atlas.ingest.jsonstat import concat_cubes, parse_jsonstat
from ecc_atlas.ingest.pxweb import ApiConfig, PxWebClient, VariableSelection, split_selection

BASE = "https://pxweb.invalid/api/v2"
VARIABLES = {
    "Region": (["19", "1904", "1907", "1980", "1983"], False),
    "Kon": (["1", "2", "TotSa"], True),
    "ContentsCode": (["BE0101N1"], False),
    "Tid": (["2021", "2022", "2023", "2024"], False),
}


def metadata() -> dict[str, Any]:
    """A recorded-style metadata response: JSON-stat 2 without values."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängd (fixture)",
        "id": list(VARIABLES),
        "size": [len(codes) for codes, _ in VARIABLES.values()],
        "dimension": {
            name: {
                "label": name.lower(),
                "category": {"index": {c: i for i, c in enumerate(codes)}},
                "extension": {"elimination": elimination},
            }
            for name, (codes, elimination) in VARIABLES.items()
        },
        "extension": {"px": {"tableid": "TAB638"}},
        "value": [],
    }


def figure(codes: tuple[str, ...]) -> int:
    """A deterministic made-up figure for one cell."""
    return sum(ord(ch) for ch in "".join(codes)) * 10


def data_response(body: dict[str, Any]) -> dict[str, Any]:
    """What the fake server answers to a data POST: the cells of the selection."""
    chosen = [(s["variableCode"], s["valueCodes"]) for s in body["selection"]]
    ids = [name for name, _ in chosen]
    values = [figure(cell) for cell in product(*[codes for _, codes in chosen])]
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": [len(codes) for _, codes in chosen],
        "dimension": {
            name: {"label": name, "category": {"index": {c: i for i, c in enumerate(codes)}}}
            for name, codes in chosen
        },
        "extension": {"px": {"tableid": "TAB638"}},
        "note": ["Cell Key Method (CKM) fixture note."],
        "value": values,
    }


@dataclass
class Response:
    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body


@dataclass
class FakeClock:
    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class FakeSession:
    """Replays responses by path; records (time, method, path, body) of every call."""

    clock: FakeClock
    config: dict[str, Any]
    failures: list[int] = field(default_factory=list)
    calls: list[tuple[float, str, str, Any]] = field(default_factory=list)

    def _answer(self, method: str, url: str, body: Any = None) -> Response:
        path = url.removeprefix(BASE)
        self.calls.append((self.clock.now, method, path, body))
        if self.failures:
            status = self.failures.pop(0)
            return Response(status, {"title": "Too many requests", "status": status})
        if path == "/config":
            return Response(200, self.config)
        if path == "/tables/TAB638/metadata":
            return Response(200, metadata())
        if path == "/codelists/vs_RegionLän07":
            return Response(200, {"id": "vs_RegionLän07", "values": [{"code": "19"}]})
        if path == "/tables/TAB638/data":
            return Response(200, data_response(body))
        return Response(404, {"title": f"No such resource {path}"})

    def get(self, url: str, *, params: Any = None, timeout: Any = None) -> Response:
        return self._answer("GET", url)

    def post(
        self, url: str, *, json: Any = None, params: Any = None, timeout: Any = None
    ) -> Response:
        assert params == {"lang": "sv", "outputFormat": "json-stat2"}
        return self._answer("POST", url, json)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock, data_dir: Path) -> FakeSession:
    config = json.loads((data_dir / "pxweb_config.json").read_text(encoding="utf-8"))
    return FakeSession(clock, config)


@pytest.fixture
def client(session: FakeSession, clock: FakeClock) -> PxWebClient:
    return PxWebClient(BASE, session, clock=clock, sleep=clock.sleep)


def test_config_limits_are_read(client: PxWebClient) -> None:
    assert client.config() == ApiConfig(10, 2, 10.0, "2.0.0")


def test_config_must_have_positive_limits() -> None:
    with pytest.raises(IngestError) as caught:
        ApiConfig.from_json({"maxDataCells": 0, "maxCallsPerTimeWindow": 1, "timeWindow": 1})
    assert caught.value.first.field == "maxDataCells"


def test_selection_is_split_under_max_cells_in_row_major_order(
    client: PxWebClient, session: FakeSession
) -> None:
    responses = client.fetch("TAB638", {"Region": ["19", "19*"]})
    posts = [body for _, method, _, body in session.calls if method == "POST"]
    # 5 regions × 1 × 4 years = 20 cells, at most 10 a call: regions in pieces of 2.
    assert len(posts) == len(responses) == 3
    assert [len(body["selection"][0]["valueCodes"]) for body in posts] == [2, 2, 1]
    for body in posts:
        sizes = [len(s["valueCodes"]) for s in body["selection"]]
        assert math.prod(sizes) <= 10
        # Kon may be eliminated and was not asked for: it is left out.
        assert [s["variableCode"] for s in body["selection"]] == ["Region", "ContentsCode", "Tid"]
    cubes = [parse_jsonstat(r, name=f"r{i}") for i, r in enumerate(responses)]
    table, meta = concat_cubes(cubes)
    whole = data_response(
        {
            "selection": [
                {"variableCode": "Region", "valueCodes": VARIABLES["Region"][0]},
                {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
                {"variableCode": "Tid", "valueCodes": VARIABLES["Tid"][0]},
            ]
        }
    )
    expected = parse_jsonstat(whole, name="whole").to_arrow()
    assert table.equals(expected)
    assert meta["cell_key_method"]


def test_split_cuts_the_first_variable_that_fits_into_pieces() -> None:
    variables = [
        VariableSelection("A", ("a1", "a2", "a3")),
        VariableSelection("B", tuple(f"b{i}" for i in range(7))),
        VariableSelection("C", ("c1", "c2")),
    ]
    calls = split_selection(variables, 6)
    assert all(math.prod(v.size for v in call) <= 6 for call in calls)
    # A one value at a time, B in pieces of 3 (3 × 2 = 6 cells), C whole.
    assert [len(call[1].values) for call in calls[:3]] == [3, 3, 1]
    cells = [
        (a, b, c)
        for call in calls
        for a in call[0].values
        for b in call[1].values
        for c in call[2].values
    ]
    assert cells == list(product(*[v.values for v in variables]))


def test_unsplittable_selection_is_an_error() -> None:
    variables = [VariableSelection("Tid", ("top(20)",), splittable=False, count=20)]
    with pytest.raises(IngestError, match="at most 10 cells"):
        split_selection(variables, 10)


def test_calls_respect_the_rate_limit(
    client: PxWebClient, session: FakeSession, clock: FakeClock
) -> None:
    client.fetch("TAB638", {"Region": ["*"], "Kon": ["1", "2"]})
    times = [t for t, *_ in session.calls]
    assert len(times) == 2 + 5  # config, metadata, one region (× 2 sexes × 4 years) a call
    for i in range(len(times) - 2):
        assert times[i + 2] - times[i] >= 10.0, "more than 2 calls in 10 s"
    assert clock.sleeps
    assert all(s <= 10.0 for s in clock.sleeps)


def test_retry_after_429(client: PxWebClient, session: FakeSession, clock: FakeClock) -> None:
    client.config()
    session.failures = [429]
    assert client.metadata("TAB638")["id"][0] == "Region"
    assert 10.0 in clock.sleeps


def test_http_error_names_status_and_detail(client: PxWebClient) -> None:
    with pytest.raises(IngestError, match=r"HTTP 404.*No such resource"):
        client.metadata("TAB999")


def test_unknown_variable_and_value_are_named(client: PxWebClient) -> None:
    with pytest.raises(IngestError, match="variables of the table"):
        client.plan("TAB638", {"Alder": ["*"]})
    with pytest.raises(IngestError) as caught:
        client.plan("TAB638", {"Region": ["9999"]})
    assert caught.value.first.field == "Region"


def test_codelist_values_and_server_expressions(client: PxWebClient) -> None:
    calls = client.plan("TAB638", {"Tid": ["top(2)"]}, {"Region": "vs_RegionLän07"})
    assert len(calls) == 1
    region, _contents, tid = calls[0]
    assert region.to_json() == {
        "variableCode": "Region",
        "valueCodes": ["19"],
        "codelist": "vs_RegionLän07",
    }
    assert tid.values == ("top(2)",)
    assert tid.size == 2


def test_real_network_calls_fail_in_tests() -> None:
    with pytest.raises(RuntimeError, match="Network access in tests is forbidden"):
        PxWebClient().config()


@pytest.fixture
def local_server() -> Iterator[str]:
    """A PxWeb-like server on 127.0.0.1 to exercise the urllib transport."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply(200 if "config" in self.path else 404, {"path": self.path})

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            self._reply(200, {"path": self.path, "body": json.loads(self.rfile.read(length))})

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_urllib_session_get_post_and_limits(local_server: str) -> None:
    session = UrllibSession(timeout=5)
    got = session.get(f"{local_server}/config", params={"lang": "sv", "v": ["a", "b"]})
    assert got.status_code == 200
    assert got.json() == {"path": "/config?lang=sv&v=a&v=b"}
    posted = session.post(f"{local_server}/data", json={"selection": []})
    assert posted.json()["body"] == {"selection": []}
    assert session.get(f"{local_server}/missing").status_code == 404
    with pytest.raises(IngestError, match="at most"):
        UrllibSession(timeout=5, max_bytes=5).get(f"{local_server}/config")


def test_arrow_types_of_split_fetch(client: PxWebClient) -> None:
    responses = client.fetch("TAB638", {"Region": ["1980"], "Tid": ["2024"]})
    table = parse_jsonstat(responses[0], name="r").to_arrow()
    assert table.schema.field("value").type == pa.float64()


def test_table_search(client: PxWebClient, session: FakeSession) -> None:
    listing = {"tables": [{"id": "TAB638", "label": "Folkmängd", "updated": "2025-02-21"}]}

    def get(url: str, *, params: Any = None, timeout: Any = None) -> Response:
        if url.endswith("/tables"):
            assert params["query"] == "folkmängd"
            return Response(200, listing)
        return session._answer("GET", url)

    session.get = get  # type: ignore[method-assign]
    tables = client.tables("folkmängd")
    assert [(t.id, t.updated) for t in tables] == [("TAB638", "2025-02-21")]
