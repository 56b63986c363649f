"""Hostile requests: the server answers each with a 4xx naming the problem, never a 5xx. The routes and their
parameters come from the app's own OpenAPI (pages included), so a new route or parameter is probed too. In
process through FastAPI's test client, over SQLite and PostgreSQL; then once against `diplograph serve`."""

import json
import re
import select
import subprocess
import sys
import time
from typing import NamedTuple
from urllib.parse import quote

import httpx
import pytest
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from diplograph.errors import InputError
from diplograph.pipeline import Pipeline
from diplograph.web import create_app

from .conftest import HEADERS, TOKEN, _free_port

DATES = {"from", "to"}  # string parameters that must be a YYYY-MM-DD day
CURSORS = {"after"}  # string parameters that must be a cursor the API gave
PLACEHOLDER = "nobody"  # a path parameter that names nothing: the route answers 404


class Op(NamedTuple):
    method: str
    path: str  # with its path parameters filled in
    params: list[dict]  # the OpenAPI parameters (name, in, schema)
    template: str


def api_routes(routes) -> list[APIRoute]:
    """The FastAPI routes among ``routes``, those of included routers too (FastAPI keeps them whole)."""
    out = []
    for r in routes:
        if isinstance(r, APIRoute):
            out.append(r)
        elif inner := getattr(r, "original_router", None):
            out += api_routes(inner.routes)
    return out


def every_route(app) -> dict:
    """The OpenAPI of every route of ``app``, the pages outside the published spec included."""
    routes = [APIRoute(r.path, r.endpoint, methods=sorted(r.methods)) for r in api_routes(app.routes)]
    return get_openapi(title="probe", version="0", openapi_version="3.0.3", routes=routes)


def operations(app) -> list[Op]:
    ops = []
    for template, item in every_route(app)["paths"].items():
        for method, op in item.items():
            path = re.sub(r"\{[^}]+\}", PLACEHOLDER, template)
            ops.append(Op(method.upper(), path, op.get("parameters", []), template))
    return ops


def fill(op: Op, name: str, raw: str) -> str:
    """The URL of ``op`` with parameter ``name`` set to ``raw`` (already percent-encoded)."""
    if next(p["in"] for p in op.params if p["name"] == name) == "query":
        return f"{op.path}?{name}={raw}"
    return re.sub(r"\{([^}]+)\}", lambda m: raw if m[1] == name else PLACEHOLDER, op.template)


def schema(param: dict) -> dict:
    """The schema of a parameter, without the ``anyOf [..., null]`` of an optional one."""
    options = [s for s in param["schema"].get("anyOf", [param["schema"]]) if s.get("type") != "null"]
    return options[0]


def kind(param: dict) -> str:
    s = schema(param)
    return "enum" if "enum" in s else s.get("type", "string")


def bounds(param: dict) -> tuple[int, int]:
    return schema(param)["minimum"], schema(param)["maximum"]


def check(response: httpx.Response) -> None:
    """What holds for every answer: no 5xx, the security headers, a one-line ``detail`` on JSON errors."""
    assert response.status_code < 500, (response.request.url, response.status_code, response.text)
    assert {k: response.headers.get(k) for k in HEADERS} == HEADERS, response.request.url
    if response.status_code >= 400 and response.headers.get("content-type") == "application/json" and response.content:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail and "\n" not in detail, detail


# --- every route, every parameter -----------------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request):
    return create_app(request.getfixturevalue("db" if request.param == "sqlite" else "pg_db"))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def baseline(client, app) -> dict[str, int]:
    """Each GET route's status with no parameter but its placeholders (200, or 404 for an unknown id)."""
    return {op.path: client.get(op.path).status_code for op in operations(app) if op.method == "GET"}


def test_hardening_every_route_is_probed(app, client):
    published = set(client.get("/openapi.json").json()["paths"])
    probed = {op.template for op in operations(app)}
    assert published and published <= probed and {"/", "/docs", "/network", "/matrix"} <= probed


def test_hardening_every_integer_and_string_parameter_is_bounded(app):
    for op in operations(app):
        for p in op.params:
            if kind(p) == "integer":
                low, high = bounds(p)
                assert 0 <= low <= high <= 10**9, (op.template, p["name"])
            elif kind(p) == "string" and p["in"] == "query":
                assert schema(p).get("maxLength", 10**9) <= 1000, (op.template, p["name"])


# A hostile value for each integer parameter: (id, value from its bounds (low, high)), all 422.
INTEGERS = [
    ("2^63", lambda lo, hi: str(2**63)),
    ("-2^63-1", lambda lo, hi: str(-(2**63) - 1)),
    ("10^30", lambda lo, hi: "1" + "0" * 30),
    ("above", lambda lo, hi: str(hi + 1)),
    ("below", lambda lo, hi: str(lo - 1)),
    ("word", lambda lo, hi: "abc"),
    ("float", lambda lo, hi: "1.5"),
    ("exponent", lambda lo, hi: "1e3"),
    ("empty", lambda lo, hi: ""),
    ("10 kB of digits", lambda lo, hi: "9" * 10_000),
]


@pytest.mark.parametrize("value", [v for _, v in INTEGERS], ids=[i for i, _ in INTEGERS])
def test_hardening_integers_out_of_bounds_answer_422(app, client, value):
    wrong = []
    for op in operations(app):
        for p in (p for p in op.params if kind(p) == "integer"):
            r = client.request(op.method, fill(op, p["name"], quote(value(*bounds(p)))))
            check(r)
            wrong += [(r.request.url, r.status_code)] if r.status_code != 422 else []
    assert wrong == []


def test_hardening_integers_at_their_bounds_are_answered(app, client, baseline):
    for op in operations(app):
        for p in (p for p in op.params if kind(p) == "integer"):
            for value in bounds(p):
                r = client.request(op.method, fill(op, p["name"], str(value)))
                check(r)
                assert r.status_code == baseline[op.path], r.request.url


# A hostile value for each string parameter: (id, percent-encoded value, what answers: "422", "accepted"
# (the route's baseline: the value is looked up and matches nothing) or "checked" (422 where the parameter is
# a date or an enumeration, else accepted)).
STRINGS = [
    ("10 kB", "x" * 10_000, "long"),
    ("lone surrogate", "%ED%A0%80", "checked"),
    ("invalid UTF-8", "%FF%FE", "checked"),
    ("NUL", "a%00b", "422"),
    ("control character", "a%1Bb", "422"),
    ("newline", "a%0Ab", "422"),
    ("path traversal", "..%2F..%2Fetc%2Fpasswd", "checked"),
    ("SQL", quote("x' OR '1'='1"), "checked"),
    ("markup", quote("<script>alert(1)</script>"), "checked"),
    ("percent", "%25", "checked"),
]


def expected(op: Op, param: dict, what: str, baseline: dict) -> set[int]:
    if what == "422":
        return {422}
    if what == "long":  # a query parameter is bounded; a path parameter is an id that names nothing
        return {404} if param["in"] == "path" else {422}
    if kind(param) == "enum" or param["name"] in DATES | CURSORS:
        return {422}
    return {baseline[op.path]} if param["in"] == "query" else {404}


@pytest.mark.parametrize("value,what", [(v, w) for _, v, w in STRINGS], ids=[i for i, _, _ in STRINGS])
def test_hardening_hostile_strings_are_refused_or_match_nothing(app, client, baseline, value, what):
    wrong = []
    for op in (op for op in operations(app) if op.method == "GET"):
        for p in (p for p in op.params if kind(p) != "integer"):
            r = client.get(fill(op, p["name"], value))
            check(r)
            if r.status_code not in expected(op, p, what, baseline):
                wrong.append((str(r.request.url)[:120], r.status_code, r.text[:200]))
    assert wrong == []


def test_hardening_unknown_parameters_are_ignored(app, client, baseline):
    for op in (op for op in operations(app) if op.method == "GET"):
        r = client.get(op.path, params={"zzz": "1", "limit[]": "x", "__proto__": "y"})
        check(r)
        assert r.status_code == baseline[op.path], r.request.url


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "HEAD"])
def test_hardening_other_methods_answer_405(app, client, method):
    for template in {op.template for op in operations(app)}:
        r = client.request(method, re.sub(r"\{[^}]+\}", PLACEHOLDER, template), content=b"{}")
        check(r)
        assert r.status_code == 405, (method, template)


@pytest.mark.parametrize(
    "path,status",
    [
        ("/api/documents/..%2F..%2Fetc", 404),
        ("/api/documents/../../etc/passwd", 404),
        ("/api/documents/%2e%2e%2f%2e%2e%2fetc", 404),
        ("/api/documents/%00", 422),
        ("/api/contacts/%ED%A0%80", 404),
        ("/actors/..%2F..%2Fetc", 404),
        ("/static/..%2F..%2Fapp.py", 404),
        ("/static/../app.py", 404),
        ("/static/%2e%2e/app.py", 404),
        ("/swagger-ui/..%2F__init__.py", 404),
        ("/static/" + "x" * 10_000, 404),
        ("/nowhere", 404),
        ("/api/contacts?limit=5&limit=7", 200),
        ("/api/contacts?offset=1000000000", 200),
        ("/?page=20000000", 200),
        ("/api/contacts?medium=fax", 422),
        ("/api/actors?q=" + "x" * 101, 422),
    ],
)
def test_hardening_paths(client, path, status):
    r = client.get(path)
    check(r)
    assert r.status_code == status, r.text


# --- ingest: the token first, then the body -------------------------------------------------------
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Content-Type": "application/json"}
GOOD = {"doc_id": "probe", "text": "Texte."}


def post(doc=None, *, raw: bytes | None = None, headers=None) -> dict:
    content = raw if raw is not None else json.dumps(doc, ensure_ascii=True).encode()
    return {"content": content, "headers": {**JSON, **(headers or {})}}


# (id, request, status without a token on the server, status with the token on the server)
INGEST = [
    ("no token", post(GOOD), 403, 401),
    ("wrong token", post(GOOD, headers={"Authorization": "Bearer wrong"}), 403, 401),
    ("empty bearer", post(GOOD, headers={"Authorization": "Bearer "}), 403, 401),
    ("basic scheme", post(GOOD, headers={"Authorization": f"Basic {TOKEN}"}), 403, 401),
    ("token without scheme", post(GOOD, headers={"Authorization": TOKEN}), 403, 401),
    ("no token, malformed JSON", post(raw=b'{"doc_id": "x", "text": '), 403, 401),
    ("no token, wrong schema", post({"nothing": 1}), 403, 401),
    ("no token, text/plain", post(raw=b"hello", headers={"Content-Type": "text/plain"}), 403, 401),
    ("no token, too large", post(raw=b"x" * (3 * 1024 * 1024)), 413, 413),
    ("malformed JSON", post(raw=b'{"doc_id": "x", "text": ', headers=AUTH), 403, 422),
    ("JSON array", post([1, 2], headers=AUTH), 403, 422),
    ("JSON string", post("text", headers=AUTH), 403, 422),
    ("deep nesting", post(raw=b"[" * 100_000, headers=AUTH), 403, 400),
    ("text/plain", post(raw=json.dumps(GOOD).encode(), headers={**AUTH, "Content-Type": "text/plain"}), 403, 422),
    (
        "form",
        post(raw=b"doc_id=x&text=y", headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"}),
        403,
        422,
    ),
    ("missing text", post({"doc_id": "x"}, headers=AUTH), 403, 422),
    ("blank text", post({"doc_id": "x", "text": " \n\t "}, headers=AUTH), 403, 422),
    ("text a lone surrogate", post({"doc_id": "x", "text": "Texte \ud800."}, headers=AUTH), 403, 422),
    ("text with NUL", post({"doc_id": "x", "text": "Texte\x00."}, headers=AUTH), 403, 422),
    ("text a number", post({"doc_id": "x", "text": 12}, headers=AUTH), 403, 422),
    ("text too long", post({"doc_id": "x", "text": "x" * 1_000_001}, headers=AUTH), 403, 422),
    ("blank doc_id", post({"doc_id": "  ", "text": "Texte."}, headers=AUTH), 403, 422),
    ("doc_id a lone surrogate", post({"doc_id": "\udfff", "text": "Texte."}, headers=AUTH), 403, 422),
    ("doc_id with a newline", post({"doc_id": "a\nb", "text": "Texte."}, headers=AUTH), 403, 422),
    ("doc_id of 10 kB", post({"doc_id": "x" * 10_000, "text": "Texte."}, headers=AUTH), 403, 422),
    ("title with NUL", post({**GOOD, "title": "a\x00b"}, headers=AUTH), 403, 422),
    ("title a lone surrogate", post({**GOOD, "title": "\ud83d"}, headers=AUTH), 403, 422),
    ("published too long", post({**GOOD, "published": "2" * 100}, headers=AUTH), 403, 422),
    ("length not a number", post(GOOD, headers={**AUTH, "Content-Length": "abc"}), 400, 400),
    ("no length", {"content": "chunked", "headers": AUTH}, 411, 411),
]


def chunks():
    yield b"{}"


@pytest.fixture(scope="module", params=["read-only", "ingest"])
def ingest_client(request, db):
    app = create_app(db, TOKEN if request.param == "ingest" else None)
    app.state.services._pipeline = FAILING  # no body in INGEST reaches it; if one does, it answers 422
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, request.param


@pytest.mark.parametrize("kw,read_only,ingest", [c[1:] for c in INGEST], ids=[c[0] for c in INGEST])
def test_hardening_ingest_checks_the_token_then_the_body(ingest_client, kw, read_only, ingest):
    client, mode = ingest_client
    r = client.post("/api/documents", **{**kw, "content": chunks() if kw["content"] == "chunked" else kw["content"]})
    check(r)
    assert r.status_code == (read_only if mode == "read-only" else ingest), r.text
    if r.status_code == 401:
        assert r.json() == {"detail": "missing or wrong bearer token"}


class _Fails:
    """A stage that fails on every document: the pipeline turns the failure into an error record."""

    name, requires, assigns = "fails", (), ()

    def __call__(self, doc):
        raise InputError(doc.raw.source, "the extraction failed")


FAILING = Pipeline(stages=[_Fails()])


def test_hardening_ingest_failed_extraction_answers_422_with_the_error(tmp_path):
    app = create_app(str(tmp_path / "s.sqlite"), TOKEN)
    app.state.services._pipeline = FAILING
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post("/api/documents", json=GOOD, headers=AUTH)
    assert (r.status_code, r.json()) == (422, {"detail": "api: the extraction failed"})


# --- a real server ----------------------------------------------------------------------------------
def _lines_until(proc: subprocess.Popen, word: str, timeout: float = 60) -> list[str]:
    """stderr lines of ``proc`` (unbuffered, so that select sees every line) up to the one holding ``word``."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline and select.select([proc.stderr], [], [], deadline - time.monotonic())[0]:
        line = proc.stderr.readline().decode()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if word in line:
            return lines
    raise AssertionError(f"no {word!r} on stderr: {lines}")


@pytest.mark.slow
def test_hardening_real_server_on_every_interface_with_a_token_file(db, tmp_path):
    """Bound to 0.0.0.0 (it only listens; every request goes to 127.0.0.1), with the token from a file."""
    token_file = tmp_path / "token"
    token_file.write_text("from-a-file\nsecond line ignored\n", encoding="utf-8")
    port = _free_port()
    cmd = ["serve", "--db", db, "--host", "0.0.0.0", "--port", str(port), "--ingest-token-file", str(token_file)]
    proc = subprocess.Popen([sys.executable, "-m", "diplograph", *cmd], stderr=subprocess.PIPE, bufsize=0)
    try:
        lines = _lines_until(proc, "serving")
        assert lines[-2:] == [
            "diplograph: warning: listening on 0.0.0.0: the server is reachable from other machines "
            "(anyone with the ingest token can add documents)",
            f"diplograph: serving http://0.0.0.0:{port}/ (database {db}, ingest enabled); Ctrl-C stops",
        ]
        base, r = f"http://127.0.0.1:{port}", None
        for _ in range(200):
            try:
                r = httpx.get(base + "/api/contacts?offset=9223372036854775808", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert r is not None and r.status_code == 422 and {k: r.headers.get(k) for k in HEADERS} == HEADERS
        bad = b'{"doc_id": "x", "text": '
        assert httpx.post(base + "/api/documents", content=bad, headers=JSON).status_code == 401
        with_token = {**JSON, "Authorization": "Bearer from-a-file"}
        r = httpx.post(base + "/api/documents", content=bad, headers=with_token)
        assert r.status_code == 422 and r.json()["detail"].startswith("body: not JSON")
        surrogate = json.dumps({"doc_id": "x", "text": "\ud800"}).encode()
        assert httpx.post(base + "/api/documents", content=surrogate, headers=with_token).status_code == 422
    finally:
        proc.terminate()
        proc.wait(10)
