"""The contact page says why its sources are one contact, links each source to its URL and leads to the
statements between the parties."""

import re

import pytest
from fastapi.testclient import TestClient

from diplograph.store import Store
from diplograph.web import create_app

FIRST = (
    "Le ministre des Affaires étrangères Jean-Noël Barrot s'est entretenu le 4 mars 2025 par téléphone avec son "
    "homologue allemand Johann Wadephul. Il a condamné les frappes russes contre l'Ukraine."
)
SECOND = (
    "Jean-Noël Barrot et Johann Wadephul se sont parlé au téléphone mardi 4 mars 2025, a indiqué le Quai "
    "d'Orsay. Les deux ministres ont évoqué la situation en Ukraine."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    db = str(tmp_path_factory.mktemp("contact") / "contact.sqlite")
    with Store(db) as store:
        for doc_id, text, url in (
            ("quai-1", FIRST, "https://www.diplomatie.gouv.fr/fr/quai-1"),
            ("wire-2", SECOND, "javascript:alert(1)"),
        ):
            record = pipeline(text, published="2025-03-04", doc_id=doc_id).to_dict()
            store.add_record({**record, "url": url}, text)
    with TestClient(create_app(db)) as client:
        yield client


def _contact_page(client) -> str:
    events = client.get("/api/contacts").json()["items"]
    (event,) = [e for e in events if len(e["sources"]) == 2]
    return client.get(f"/contacts/{event['event_id']}").text


def test_the_page_explains_the_fusion_of_its_sources(client):
    page = _contact_page(client)
    fusion = re.search(r'<pre class="fusion" id="fusion">(.*?)</pre>', page, re.S).group(1)
    assert "first report of this event" in fusion and "fused with" in fusion and "because" in fusion


def test_sources_link_to_their_url_only_when_a_browser_may_follow_it(client):
    page = _contact_page(client)
    assert 'href="https://www.diplomatie.gouv.fr/fr/quai-1"' in page
    assert "javascript:alert" not in page


def test_the_page_links_to_the_statements_between_the_parties(client):
    page = _contact_page(client)
    assert 'href="/statements?source=FRA&amp;target=DEU"' in page
    assert "condamné" in client.get("/statements?source=FRA").text
