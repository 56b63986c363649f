"""What every request and response goes through: bounded bodies, URLs without control characters, the security
headers, and validation errors as one line of JSON (never the rejected input echoed back)."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response

MAX_BODY = 2 * 1024 * 1024  # a press release is a few kB; 2 MB leaves room and bounds memory
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # no id, filter or date holds one; PostgreSQL refuses NUL outright


async def limits(request: Request, call_next) -> Response:
    """Refuse what no route should see (an unbounded body, a control character in the URL); then add the
    security headers to the response, whoever made it."""
    response = refusal(request) or await call_next(request)
    response.headers.update(HEADERS)
    return response


def refusal(request: Request) -> JSONResponse | None:
    """The answer to a request refused before routing, or None."""
    length = request.headers.get("content-length")
    if length is not None and not (length.isascii() and length.isdigit()):
        return JSONResponse({"detail": "the Content-Length header is not a number"}, status_code=400)
    if length is not None and int(length) > MAX_BODY:
        return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
    if request.method in {"POST", "PUT", "PATCH"} and length is None:
        return JSONResponse({"detail": "a Content-Length header is required"}, status_code=411)
    query = request.query_params.multi_items()
    if CONTROL.search(request.scope["path"]) or any(CONTROL.search(k + v) for k, v in query):
        return JSONResponse({"detail": "the URL holds a control character"}, status_code=422)
    return None


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A request FastAPI could not validate: 422 with one line naming each field and what is wrong."""
    return JSONResponse({"detail": one_line(exc.errors())}, status_code=422)


def one_line(errors) -> str:
    """``query offset: Input should be ...; body text: ...``. The input is never echoed: it may be large, and a
    lone surrogate in it could not even be encoded as UTF-8."""
    parts = []
    for error in errors:
        loc = error.get("loc", ())
        where, msg = " ".join(str(p) for p in loc), error.get("msg", "invalid")
        if error.get("type") == "value_error":  # our validators' messages, without pydantic's "Value error, "
            msg = str(error.get("ctx", {}).get("error", msg))
        elif error.get("type") == "json_invalid":  # loc: ("body", character offset)
            where, msg = "body", f"not JSON: {error.get('ctx', {}).get('error', 'decode error')} at character {loc[-1]}"
        parts.append(f"{where}: {msg}")
    text = "; ".join(parts) or "invalid request"
    return " ".join(text.encode("utf-8", "backslashreplace").decode("utf-8").split())


def openapi(app: FastAPI):
    """The app's OpenAPI, with its 422 answers described as they are: ``{"detail": "one line"}``."""

    def build() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            schemas = spec.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas.pop("ValidationError", None)
                schemas["HTTPValidationError"] = {
                    "title": "HTTPValidationError",
                    "type": "object",
                    "properties": {"detail": {"title": "Detail", "type": "string"}},
                    "required": ["detail"],
                }
            app.openapi_schema = spec
        return app.openapi_schema

    return build
