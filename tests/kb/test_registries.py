"""The curated knowledge base against public registries: Wikidata ids well formed and unique; countries.yaml
against pycountry (ISO 3166-1 codes and English names) and the npm package world-countries (regions, UN
membership, capitals, English and French demonyms). What both sides should agree on must agree, except the
differences listed with their reason in kb/data/registry_exceptions.yaml; an exception that no longer
differs must be removed, so the list stays true."""

import json
import re
from pathlib import Path

import pycountry
import pytest

from diplograph.kb import fold
from diplograph.kb.files import DATA_DIR, read_yaml

ROOT = Path(__file__).resolve().parents[2]
WORLD_COUNTRIES = ROOT / "node_modules" / "world-countries" / "countries.json"


def wikidata_ids(value, where=""):
    """(where, id) for every ``wikidata`` key anywhere in a data file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "wikidata" and item is not None:
                yield f"{where}/{value.get('id') or value.get('code') or '?'}", str(item)
            else:
                yield from wikidata_ids(item, where)
    elif isinstance(value, list):
        for item in value:
            yield from wikidata_ids(item, where)


def test_registries_wikidata_ids_are_q_numbers_and_unique():
    found = [pair for path in sorted(DATA_DIR.rglob("*.yaml")) for pair in wikidata_ids(read_yaml(path), path.name)]
    assert len(found) >= 300  # the organisations and the states have theirs
    assert [(w, q) for w, q in found if not re.fullmatch(r"Q[1-9][0-9]*", q)] == []
    by_id: dict[str, list[str]] = {}
    for where, qid in found:
        by_id.setdefault(qid, []).append(where)
    assert {q: ws for q, ws in by_id.items() if len(ws) > 1} == {}


def same(a: str, b: str) -> bool:
    return fold(a).strip().replace("  ", " ") == fold(b).strip().replace("  ", " ")


def pycountry_names(entry) -> set[str]:
    """The names pycountry gives a code, and their reading order ("Congo, The Democratic Republic of the"
    -> "Democratic Republic of the Congo"; "Holy See (Vatican City State)" -> "Holy See")."""
    out = set()
    for name in filter(None, (getattr(entry, k, None) for k in ("name", "common_name", "official_name"))):
        out.add(name)
        out.add(name.split(" (")[0])
        if ", " in name:
            head, tail = name.split(", ", 1)
            out.add(re.sub(r"^the ", "", f"{tail} {head}", flags=re.I))
    return out


def mismatches() -> set[tuple[str, str, str, str]]:
    """(registry, code, field, registry's value) wherever countries.yaml says otherwise."""
    countries = read_yaml(DATA_DIR / "countries.yaml")["countries"]
    world = {c["cca3"]: c for c in json.loads(WORLD_COUNTRIES.read_text(encoding="utf-8"))}
    out = set()
    for c in countries:
        code, listed = c["code"], bool(c.get("listed"))
        iso = pycountry.countries.get(alpha_3=code)
        if iso is None:
            out.add(("pycountry", code, "code", ""))
        elif iso.alpha_2 != c.get("iso2"):
            out.add(("pycountry", code, "iso2", iso.alpha_2))
        elif listed and not any(same(n, m) for n in c["names"].get("en", ()) for m in pycountry_names(iso)):
            out.add(("pycountry", code, "names.en", iso.name))
        w = world.get(code)
        if w is None:
            out.add(("world-countries", code, "code", ""))
            continue
        for field, theirs in (("iso2", w["cca2"]), ("region", w["region"]), ("subregion", w["subregion"] or "none")):
            if theirs != (c.get(field) or "none"):
                out.add(("world-countries", code, field, theirs))
        if bool(w["unMember"]) != listed:
            out.add(("world-countries", code, "listed", str(w["unMember"]).lower()))
        if not listed:
            continue  # capitals and demonyms are curated for the states whose texts the pipeline reads
        for capital in w.get("capital") or ():
            if not any(same(capital, ours) for ours in (c.get("capital") or {}).get("en") or ()):
                out.add(("world-countries", code, "capital.en", capital))
        for lang, key in (("en", "eng"), ("fr", "fra")):
            for theirs in dict.fromkeys((w["demonyms"].get(key) or {}).values()):
                if theirs and not any(same(theirs, ours) for ours in (c.get("adjectives") or {}).get(lang) or ()):
                    out.add(("world-countries", code, f"demonyms.{lang}", theirs))
    return out


def exceptions() -> dict[tuple[str, str, str, str], dict]:
    data = read_yaml(DATA_DIR / "registry_exceptions.yaml")["exceptions"]
    return {(e["registry"], e["code"], e["field"], str(e.get("value") or "")): e for e in data}


@pytest.mark.skipif(not WORLD_COUNTRIES.exists(), reason="node_modules/world-countries: run make setup (npm ci)")
def test_registries_countries_agree_with_pycountry_and_world_countries():
    found, allowed = mismatches(), exceptions()
    assert all(e.get("reason", "").strip() for e in allowed.values()), "every exception states its reason"
    unexplained = sorted(found - set(allowed))
    stale = sorted(set(allowed) - found)
    assert unexplained == [], "countries.yaml differs from a registry (fix it, or add an exception with a reason)"
    assert stale == [], "these exceptions no longer differ: remove them from registry_exceptions.yaml"


def test_registries_the_listed_states_have_their_wikidata_items():
    from diplograph.kb import KnowledgeBase

    listed = [c for c in KnowledgeBase.default().countries.values() if c.listed]
    without = sorted(c.code for c in listed if c.wikidata is None)
    assert len(without) <= 2, f"listed states without a Wikidata id: {without}"  # the registry lacks two
