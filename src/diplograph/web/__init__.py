"""The web app: pages to explore the store (timeline, actor, network, topic × country, contact with its
evidence) and the JSON API they use, documented by OpenAPI. Everything it serves comes from the app itself:
no CDN, no font or script from elsewhere.

    diplograph serve --db diplograph.sqlite --port 8000 [--ingest-token-file FILE]

Read-only unless started with an ingest token; then ``POST /api/documents`` with ``Authorization: Bearer
TOKEN`` extracts and stores one document. ``app`` builds the app, ``api`` and ``pages`` hold its routes,
``deps`` what they share, ``guards`` what every request and response goes through (bounded bodies, the
security headers, validation errors as one line).
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
