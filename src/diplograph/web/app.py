"""The FastAPI app: the API and page routers, static files, and the limits every response goes through."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ..config import Config
from . import api, pages
from .deps import HERE, Services

MAX_BODY = 2 * 1024 * 1024  # a press release is a few kB; 2 MB leaves room and bounds memory
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"


def create_app(
    db: str | None = None, ingest_token: str | None = None, *, config: Config | Mapping | str | Path | None = None
) -> FastAPI:
    """The web app over the store at ``db``; it accepts documents only with ``ingest_token``. ``config`` (a
    ``Config``, mapping or YAML file; None: the defaults) goes to its stores and its pipeline."""
    import swagger_ui_bundle

    app = FastAPI(
        title="diplograph",
        version=__import__("diplograph").__version__,
        description="Diplomatic contacts and statements, fused across sources, with their evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.openapi_version = "3.0.3"  # the Swagger UI of the swagger-ui-bundle package (4.x) reads OpenAPI 3.0
    app.state.services = Services(db, ingest_token, Config.load(config))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    app.middleware("http")(limits)
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


async def limits(request: Request, call_next):
    """Bounded bodies, and pages that load nothing from elsewhere."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
    if request.method in {"POST", "PUT", "PATCH"} and length is None:
        return JSONResponse({"detail": "a Content-Length header is required"}, status_code=411)
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
