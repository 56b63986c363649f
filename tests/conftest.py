"""Shared fixtures. The real French model and knowledge base load once per session, only where a test asks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "gold"
DEV_FR_DOCS = SHARED / "dev" / "fr" / "docs"
DEV_FR_GOLD = SHARED / "dev" / "fr" / "gold"
DEV_EN_DOCS = SHARED / "dev" / "en" / "docs"
DEV_EN_GOLD = SHARED / "dev" / "en" / "gold"
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
def fr(pipeline):
    """The session pipeline's French pack: its grammars and spaCy model are built once for every test."""
    return pipeline.packs["fr"]


@pytest.fixture(scope="session")
def resolver(kb, fr):
    from diplograph.stages.actors import ActorResolver

    return ActorResolver(kb, fr)
