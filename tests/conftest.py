"""Shared fixtures. The real French model and knowledge base load once per session, only where a test asks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "gold"
OWN_DOCS = ROOT / "eval" / "docs"
OWN_GOLD = ROOT / "eval" / "gold"


@pytest.fixture(scope="session")
def kb():
    from diplograph.kb import KnowledgeBase

    return KnowledgeBase.default()


@pytest.fixture(scope="session")
def pipeline():
    import diplograph

    return diplograph.load()


@pytest.fixture(scope="session")
def resolver(kb):
    from diplograph.actors import ActorResolver

    return ActorResolver(kb, "fr")
