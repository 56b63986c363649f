"""Feeds and their items: what the user names (URLs, feed files, files listing feeds) and what a feed lists.

A source is an ``http(s)`` URL of a feed, a local RSS or Atom file, or a local text file with one feed per line
(URLs or paths, relative to the list's folder; blank lines and lines starting with ``#`` are skipped). A file
is a feed when its first character is ``<``. Each entry of a feed becomes an ``Item``: its key (the guid or
Atom id, else its link), its link, its title, its date in the record contract's form (the date and time the
feed gives, in the feed's own time zone, so that a late-evening item keeps its day) and its Atom ``updated``
stamp, by which a changed item is noticed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..readers import display


@dataclass(frozen=True)
class Item:
    key: str
    link: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD or YYYY-MM-DDTHH:MM
    updated: str | None  # as the feed gives it (Atom <updated>); None in RSS


def is_url(source: str) -> bool:
    try:
        return urlsplit(source).scheme.lower() in {"http", "https"}
    except ValueError:  # "http://[bad": not a URL this watcher can fetch
        return False


def read_local(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a local file, else an ``InputError`` naming it."""
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(display(path), exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise InputError(display(path), f"too large (more than the limit of {max_bytes:,} bytes)")
    return data


def _is_feed(data: bytes) -> bool:
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return True  # a list of URLs is plain UTF-8; a BOM'd UTF-16 file is an XML feed
    return data.lstrip()[:1] == b"<"


def expand(sources: list[str], max_bytes: int) -> tuple[list[str], list[str]]:
    """The feeds the sources name, in order and once each, and one problem per source that cannot be read.
    Lists are read again at each call, so a list edited while watching counts from the next pass."""
    feeds: list[str] = []
    problems: list[str] = []
    for source in sources:
        if is_url(source):
            feeds.append(source)
            continue
        path = Path(source)
        try:
            data = read_local(path, max_bytes)
        except InputError as exc:
            problems.append(str(exc))
            continue
        if _is_feed(data):
            feeds.append(source)
            continue
        try:
            lines = data.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            problems.append(f"{display(path)}: neither a feed nor a UTF-8 list of feeds")
            continue
        for line in lines:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                feeds.append(entry if is_url(entry) else str(path.parent / entry))
    return list(dict.fromkeys(feeds)), problems


def parse(data: bytes, feed: str, base: str | None = None) -> list[Item]:
    """The items of an RSS or Atom document, in the feed's order; an ``InputError`` when it is neither."""
    import feedparser

    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(feed, "not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip() or None
        key = _key((entry.get("id") or "").strip(), link, base or feed)
        if key is None:
            continue  # nothing to fetch and nothing to know it again by
        title = (entry.get("title") or "").strip() or None
        # dict.get: the entry's own fields, without feedparser's deprecated fallback from updated to published
        updated = dict.get(entry, "updated")
        items.append(Item(key, link, title, _date(entry, "published") or _date(entry, "updated"), updated))
    return items


def _key(guid: str, link: str | None, feed: str) -> str | None:
    """What an item is known by: its guid when it is a URI (globally unique), else its guid within the host
    of its link (a CMS numbers its items "1234", and so does another), else its link."""
    if guid and (":" in guid or not (link or feed)):
        return guid
    if guid:
        try:
            host = urlsplit(link or "").hostname or urlsplit(feed).hostname or feed
        except ValueError:
            host = feed
        return f"{host}#{guid}"
    return link


def _date(entry, field: str) -> str | None:
    """The entry's date in the contract's form, in the time zone the feed wrote it in."""
    raw = (dict.get(entry, field) or "").strip()
    if raw:
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            return raw  # a day, without a time
        try:
            return email.utils.parsedate_to_datetime(raw).strftime("%Y-%m-%dT%H:%M")  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(raw).strftime("%Y-%m-%dT%H:%M")  # Atom: RFC 3339
        except ValueError:
            pass
    parsed = dict.get(entry, f"{field}_parsed")  # feedparser's reading of other forms, in UTC
    return time.strftime("%Y-%m-%dT%H:%M", parsed) if parsed else None
