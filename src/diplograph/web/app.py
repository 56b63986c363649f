"""The FastAPI app: the API and page routers, static files, and the guards every request goes through."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from ..config import Config
from . import api, downloads, guards, pages
from .deps import HERE, Services, vendor_dir


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
    app.openapi = guards.openapi(app)
    app.state.services = Services(db, ingest_token, Config.load(config))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    vendor = vendor_dir()
    if vendor is not None:
        app.mount("/vendor", StaticFiles(directory=str(vendor)), name="vendor")
    app.middleware("http")(guards.limits)
    app.add_exception_handler(RequestValidationError, guards.validation_error)
    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    return app
