"""The database behind the store: values kept byte for byte, schema migrations, bad URLs refused in one line."""

import subprocess
import sys

import pytest

from diplograph.errors import StoreError
from diplograph.store import Store


def test_text_with_sql_and_html_is_stored_byte_for_byte(url):
    text = "Robert'); DROP TABLE documents; -- <script>alert('x')</script> \u00e9\u00e8 \"quoted\" ? %s %(x)s\n\t\u2028"
    record = {
        "doc_id": "evil'; --",
        "language": "fr",
        "title": "<b>t</b>",
        "published": None,
        "contacts": [],
        "statements": [],
    }
    with Store(url) as store:
        store.add_record(record, text)
        doc = store.document("evil'; --")
        assert doc["text"] == text and doc["title"] == "<b>t</b>"
        assert "documents" in store.db.tables()


@pytest.mark.slow
def test_schema_migrations_are_recorded_and_a_newer_schema_is_refused(url):
    with Store(url) as store:
        names = [r[0] for r in store.db.query("SELECT name FROM schema_migrations ORDER BY name")]
        assert names[0].startswith("0001_") and len(names) >= 2
        store.db.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", ("9999_future", "2030-01-01")
        )
        store.db.commit()
    with pytest.raises(StoreError, match="newer"):
        Store(url)
    proc = subprocess.run([sys.executable, "-m", "diplograph", "query", "--db", url], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "newer" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("db", "message", "status"),
    [
        ("postgresql://user@host:notaport/db", "malformed", 1),
        ("postgresql://nobody@127.0.0.1:1/nothing", "cannot connect", 1),
        ("mysql://x/y", "unknown database scheme", 1),
        ("sqlite:///no/such/folder/x.db", "does not exist", 2),  # query refuses a database that does not exist
    ],
)
def test_bad_database_urls_get_one_line(db, message, status):
    proc = subprocess.run([sys.executable, "-m", "diplograph", "query", "--db", db], capture_output=True, text=True)
    assert proc.returncode == status
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr
