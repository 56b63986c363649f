"""The layout stage: the headline, the publication date and listing pages, on texts written for these tests
in the form of ministry, agency and newspaper pages."""

import pytest

from diplograph.readers import RawDocument
from diplograph.stages.clean import clean
from diplograph.stages.layout import LayoutGrammar, layout

BODY = (
    "La ministre des Affaires étrangères a reçu son homologue estonien pour un entretien consacré à la "
    "sécurité régionale et aux échanges économiques entre les deux pays."
)
TEASER = "Le secrétaire d'État a présenté les priorités de la présidence tournante devant les ambassadeurs."


@pytest.fixture(scope="module")
def grammars(fr):
    return [fr.grammar(LayoutGrammar)]


def lay_out(text: str, grammars, **given):
    return layout(clean(text), RawDocument(doc_id="t", text=text, source="t", **given), grammars)


@pytest.mark.parametrize(
    "text,title,published",
    [
        (
            "Ministère des Affaires étrangères\nAccueil > Salle de presse\n\n"
            "La ministre reçoit son homologue estonienne à Paris\n\nParis, le 14 mars 2023\n\n" + BODY,
            "La ministre reçoit son homologue estonienne à Paris",
            "2023-03-14",
        ),
        (
            "Le Portugal et le Sénégal renforcent leur dialogue politique\n\nCommuniqué de presse\n\n"
            "Le 3 février 2022 - Lisbonne, Portugal - Service de presse du ministère\n\n" + BODY,
            "Le Portugal et le Sénégal renforcent leur dialogue politique",
            "2022-02-03",
        ),
        (
            "Délégation de l'Union européenne au Pérou\n\n"
            "Pérou : déclaration de la porte-parole sur les élections régionales\n\n"
            "Lima, 08/10/2022 - 10:15, UNIQUE ID: 221008_3\nDéclarations\n\nSeul le texte prononcé fait foi !\n\n"
            + BODY,
            "Pérou : déclaration de la porte-parole sur les élections régionales",
            "2022-10-08T10:15",
        ),
        (
            "Portugal - Entretien avec M. Silva (12 novembre 2021)\n\nPartager\n\n" + BODY,
            "Portugal - Entretien avec M. Silva (12 novembre 2021)",
            "2021-11-12",
        ),
        (
            "Macron, Scholz et Meloni à Rome, le 3 mai 2024, pour parler de l'Ukraine\n\nRome, le 3 mai 2024\n\n"
            + BODY,
            "Macron, Scholz et Meloni à Rome, le 3 mai 2024, pour parler de l'Ukraine",
            "2024-05-03",
        ),
    ],
    ids=[
        "site-lines-headline-dateline",
        "dateline-with-place-and-publisher",
        "disclaimer-after-dateline",
        "short-headline-ending-with-its-date",
        "headline-naming-a-date-among-commas",
    ],
)
def test_layout_headline_is_the_line_above_the_dateline(grammars, text, title, published):
    lay = lay_out(text, grammars)
    assert (lay.title, lay.published) == (title, published)


@pytest.mark.parametrize(
    "text",
    [
        # a gallery: numbered credits, each followed by its caption
        "Visite officielle du ministre des Affaires étrangères en Norvège\n\n  1. © Service photo / A. Martin\n\n"
        "    Le ministre avec son homologue norvégien, Kari Nordmann, devant le parlement\n"
        "  2. © Service photo / A. Martin\n\n    Le ministre et la délégation norvégienne lors du déjeuner de travail\n\n"
        + BODY,
        # a lone copyright credit, blanked by cleaning, with its caption glued below
        "Visite officielle du ministre des Affaires étrangères en Norvège\n\n© Ministère\n"
        "Le ministre avec son homologue norvégien, Kari Nordmann, devant le parlement\n\n" + BODY,
        # a caption glued above its credit
        "Visite officielle du ministre des Affaires étrangères en Norvège\n\n"
        "Le ministre avec son homologue norvégien, Kari Nordmann, devant le parlement\nPhoto : Jean Dupont\n\n" + BODY,
    ],
    ids=["numbered-gallery", "blanked-credit", "caption-above-credit"],
)
def test_layout_photo_caption_is_not_the_headline(grammars, text):
    assert lay_out(text, grammars).title == "Visite officielle du ministre des Affaires étrangères en Norvège"


@pytest.mark.parametrize(
    "text,title",
    [
        (
            "Accès rapide :\n\nPrésident et ministres en visite au Chili\n\n• Voir le diaporama -\n\n" + BODY,
            "Président et ministres en visite au Chili",
        ),
        ("• Photo des deux ministres pendant la signature\n\n" + BODY, None),
        (
            "PRESSE ET MÉDIAS\n\nCONFÉRENCE DE PRESSE DU PRÉSIDENT DE LA RÉPUBLIQUE À L'ISSUE DU SOMMET DE L'UNION\n\n"
            + BODY,
            None,
        ),
        (
            "An official website of the United States Government Here's how you know\n\n"
            "Official websites use .gov\n\n" + BODY,
            None,
        ),
    ],
    ids=["slideshow-bullet-after-headline", "bulleted-line-alone", "all-caps-conference-heading", "gov-banner"],
)
def test_layout_furniture_is_never_the_headline(grammars, text, title):
    assert lay_out(text, grammars).title == title


@pytest.mark.parametrize(
    "text,published",
    [
        (
            "Le ministre s'exprime sur l'attentat de la veille\n\n" + BODY + "\n\nDernière modification : 12/03/2021\n",
            None,
        ),
        ("Le ministre s'exprime sur l'attentat de la veille\n\nMis à jour le 5 mai 2021\n\n" + BODY, None),
        (
            "Le ministre s'exprime sur l'attentat de la veille\n\nPublié le 4 mai 2021 - Modifié le 5 mai 2021\n\n"
            + BODY,
            "2021-05-04",
        ),
        (
            BODY + "\n\nRevoir la déclaration du Président :\n\n14 juin 2022 - Seul le prononcé fait foi\n\n" + BODY,
            "2022-06-14",
        ),
        (BODY + "\n\n14 juin 2022 - Discours d'ouverture\n\n" + BODY + "\n\n20 juin 2022 - Clôture\n\n" + BODY, None),
        (BODY + "\n\nLe sommet s'est tenu le 3 mai 2024.\n", None),
    ],
    ids=[
        "modified-footer",
        "updated-line",
        "published-then-modified",
        "speech-date-line",
        "date-lines-disagree",
        "short-sentence-with-a-date",
    ],
)
def test_layout_publication_date_is_a_date_line_never_a_revision(grammars, text, published):
    assert lay_out(text, grammars).published == published


LISTING = (
    "Liste des derniers communiqués de presse du ministère, classés par ordre chronologique du plus récent.\n"
    "12.05.2024\n—\nCommuniqué de presse\n" + BODY + "\n"
    "10.05.2024\n—\nCommuniqué de presse\n" + TEASER + "\n"
    "10.05.2024\n—\nCommuniqué de presse\n" + TEASER + "\n"
)


def test_layout_listing_page_has_no_title_or_date_but_dated_items(grammars):
    lay = lay_out(LISTING, grammars)
    assert (lay.title, lay.published, lay.is_listing) == (None, None, True)
    assert [item.date for item in lay.items] == ["2024-05-12", "2024-05-10", "2024-05-10"]
    first, second, _third = lay.items
    assert LISTING[first.start : first.end].startswith("12.05.2024") and BODY in LISTING[first.start : first.end]
    assert first.end == second.start and lay.items[-1].end == len(LISTING)


def test_layout_listing_items_with_headings_start_at_their_heading(grammars):
    text = "".join(
        f"• Le ministre reçoit l'ambassadeur du {country} ({day} avril 2019)\n\n« {TEASER} »\n\n"
        for country, day in [("Japon", 9), ("Brésil", 4), ("Kenya", 2)]
    )
    lay = lay_out(text, grammars)
    assert (lay.title, lay.published) == (None, None)
    assert [text[item.start : item.start + 28] for item in lay.items] == ["• Le ministre reçoit l'ambas"] * 3
    assert [item.date for item in lay.items] == ["2019-04-09", "2019-04-04", "2019-04-02"]


def test_layout_article_with_dated_related_teasers_is_no_listing(grammars):
    teasers = "".join(f"Autre visite du ministre en Asie centrale\n{day} mars 2024\n{TEASER}\n" for day in (3, 2, 1))
    text = "Le ministre en visite au Kazakhstan\n\nAstana, le 12 mars 2024\n\n" + (BODY + "\n\n") * 4 + teasers
    lay = lay_out(text, grammars)
    assert (lay.title, lay.published, lay.items) == ("Le ministre en visite au Kazakhstan", "2024-03-12", ())


def test_layout_page_repeating_its_own_date_is_no_listing(grammars):
    text = (
        "Entretien des deux ministres à Bruxelles (Bruxelles, 4 juillet 2012)\n\n" + BODY + "\n\n"
        "- Propos du ministre à la presse (Bruxelles, 4 juillet 2012)\n\n« " + TEASER + " »\n"
    )
    lay = lay_out(text, grammars)
    assert (lay.title, lay.published, lay.is_listing) == (
        "Entretien des deux ministres à Bruxelles (Bruxelles, 4 juillet 2012)",
        "2012-07-04",
        False,
    )


def test_layout_given_title_and_date_serve_a_listing_page(grammars):
    lay = lay_out(LISTING, grammars, title="Communiqués du ministère", published="2024-05-12T08:00:00Z")
    assert (lay.title, lay.published, lay.is_listing) == ("Communiqués du ministère", "2024-05-12T08:00", True)
