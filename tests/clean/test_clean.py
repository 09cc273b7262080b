"""Clean: the article body and its metadata, without the site chrome."""

from pathlib import Path

import pytest

from pipeline.clean import Article, clean_page
from pipeline.clean.rules import author_line, is_headline_strip, published_in
from pipeline.errors import Rejected
from pipeline.ingest.pages import read_source

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "pages" / "maghress-zones-industrielles.txt"


def clean_bytes(name: str, data: bytes) -> Article | Rejected:
    (page,) = read_source(name, data)
    return clean_page(page)


@pytest.fixture(scope="module")
def seed() -> Article:
    article = clean_bytes(str(SEED), SEED.read_bytes())
    assert isinstance(article, Article)
    return article


def test_seed_metadata(seed: Article) -> None:
    assert seed.outlet == "Les ECO"
    assert seed.published.isoformat() == "2025-10-30"
    assert seed.title == "Zones industrielles : vers un nouveau maillage productif du territoire"
    assert seed.author == "Sanae Raqui"
    assert seed.language == "fr"


@pytest.mark.parametrize(
    "chrome",
    [
        "Benkirane contre l'instauration d'une monarchie parlementaire au Maroc",
        "Laâyoune : 350 détenus commémorent la Marche Verte",
        "Merci d'avoir signalé!",
        "Cette image sera automatiquement bloquée",
        "Publié dans Les ECO",
        "Cliquez ici pour lire l'article depuis sa source",
        "Sanae Raqui / Les Inspirations ECO",
        "Zones industrielles : vers un nouveau maillage",
    ],
)
def test_seed_body_has_no_chrome(seed: Article, chrome: str) -> None:
    assert chrome not in seed.text


def test_seed_body_keeps_every_paragraph(seed: Article) -> None:
    raw = SEED.read_text(encoding="utf-8").splitlines()
    start = raw.index("Publié dans Les ECO le 30 - 10 - 2025") + 1
    end = raw.index("Sanae Raqui / Les Inspirations ECO")
    paragraphs = [line for line in raw[start:end] if line.strip()]
    assert seed.text.split("\n") == paragraphs
    assert seed.text.startswith("Le territoire national se recompose")
    assert seed.text.endswith("démonstrateur pour les technologies vertes.")


@pytest.mark.parametrize(
    ("line", "outlet", "published"),
    [
        ("Publié dans Les ECO le 30 - 10 - 2025", "Les ECO", "2025-10-30"),
        ("Publié dans Le360 le 5 - 3 - 2024", "Le360", "2024-03-05"),
        ("Publié dans L'Economiste le 01/02/2023", "L'Economiste", "2023-02-01"),
        ("Publié dans Médias 24 le 31 - 02 - 2024", "Médias 24", None),
    ],
)
def test_published_in_line(line: str, outlet: str, published: str | None) -> None:
    byline = published_in(line)
    assert byline.outlet == outlet
    assert (byline.published.isoformat() if byline.published else None) == published


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Sanae Raqui / Les Inspirations ECO", "Sanae Raqui"),
        ("Mohamed El Amrani / Le360", "Mohamed El Amrani"),
        ("La région compte 3 / 4 des exploitations du pays.", None),
    ],
)
def test_author_line(line: str, author: str | None) -> None:
    assert author_line(line) == author


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Mehdi Ouassat", "Mehdi Ouassat"),
        ("Fatima Zahra Ben Ali", "Fatima Zahra Ben Ali"),
        ("Le projet sera achevé en 2027.", None),
    ],
)
def test_a_bare_name_closes_an_aggregated_article(line: str, author: str | None) -> None:
    assert author_line(line, name_alone=True) == author
    assert author_line(line) is None


AGGREGATOR_HTML = """<html><head><meta charset="utf-8"><title>Arganier : 10.000 hectares plantés - Maghress</title>
<meta property="og:site_name" content="Maghress"></head><body>
<div class="strip"><a href="/1">Agadir : le port en hausse</a> <a href="/2">Rabat : le tramway prolongé</a></div>
<div class="widget">Merci d'avoir signalé!</div>
<h1>Arganier : 10.000 hectares plantés</h1>
<div class="source">Publié dans <a href="/fr/lematin">Le Matin</a> le 27 - 02 - 2025</div>
<div class="article"><p>L'Agence nationale pour le développement des zones oasiennes et de l'arganier a planté près de
10.000 hectares de vergers d'arganiers en mode agricole depuis 2021, dans les provinces d'Essaouira, de Taroudant
et de Chtouka Aït Baha, selon un bilan présenté mardi à Agadir.</p>
<p>Le programme vise 50.000 hectares d'ici 2030, dont une partie sur des terres collectives de la région de
Souss-Massa, avec l'appui du Fonds de développement agricole.</p>
<p>Brahim Mokhliss</p></div>
<p class="source-link"><a href="https://www.maghress.com/fr/out/lematin-1">Cliquez ici pour lire l'article depuis sa source.</a></p>
</body></html>"""


def test_html_aggregator_page_gives_the_original_outlet_date_and_author() -> None:
    article = clean_bytes("maghress.html", AGGREGATOR_HTML.encode())
    assert (article.outlet, article.site, article.published.isoformat()) == ("Le Matin", "Maghress", "2025-02-27")
    assert article.author == "Brahim Mokhliss"
    assert article.text.startswith("L'Agence nationale") and article.text.endswith("agricole.")
    for chrome in ("Publié dans", "Cliquez ici", "Merci d'avoir", "Brahim Mokhliss"):
        assert chrome not in article.text


def test_inline_read_also_paragraph_is_chrome() -> None:
    page = ARTICLE_HTML.replace(
        "</p>\n</article>",
        "</p>\n<p><b>Lire aussi : </b><a href='/y'>Sécheresse: 400.000 hectares perdus dans le Gharb</a></p></article>",
    )
    assert "Lire aussi : " in page
    article = clean_bytes("lematin.html", page.encode())
    assert "Sécheresse" not in article.text and "Lire aussi" not in article.text


@pytest.mark.parametrize(
    ("line", "strip"),
    [
        ("Titre un    Titre deux    Titre trois    Titre quatre    ", True),
        ("Le Maroc mise sur des zones d'activités capables d'attirer les investissements.", False),
    ],
)
def test_headline_strip(line: str, strip: bool) -> None:
    assert is_headline_strip(line) is strip


ARTICLE_HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Dakhla : le port Atlantique avance | Le Matin</title>
<meta property="og:site_name" content="Le Matin">
<meta name="author" content="Karim Bennani">
<link rel="canonical" href="https://lematin.ma/economie/dakhla-port-atlantique/12345">
</head><body>
<nav><a href="/">Accueil</a><a href="/economie">Économie</a><a href="/sport">Sport</a></nav>
<div class="cookie">Nous utilisons des cookies pour améliorer votre expérience. Accepter</div>
<article><h1>Dakhla : le port Atlantique avance</h1>
<p class="date">Publié le 12/03/2024 à 10h15</p>
<p>Le chantier du port Dakhla Atlantique a franchi une nouvelle étape, selon l'Agence nationale des ports.
Les travaux de la digue principale sont achevés à plus de 60 %, a indiqué le ministère de l'Équipement et de l'Eau.</p>
<p>Le projet, lancé en 2021, s'étend sur 1.650 hectares entre la zone logistique et la zone industrielle.
Il doit permettre de relier les provinces du Sud aux marchés d'Afrique de l'Ouest d'ici 2028.</p>
</article>
<aside><h3>Lire aussi</h3><ul><li><a href="/x">Casablanca : 4.000 ha pour la nouvelle ville de Zenata</a></li></ul></aside>
<footer>Le Matin, 17 rue Othman Ben Affane, Casablanca. Tél. 05 22 20 00 00</footer>
</body></html>"""


def test_html_article_without_date_metadata_uses_the_visible_date() -> None:
    article = clean_bytes("lematin.html", ARTICLE_HTML.encode())
    assert isinstance(article, Article)
    assert article.published.isoformat() == "2024-03-12"
    assert article.outlet == "Le Matin"
    assert article.url == "https://lematin.ma/economie/dakhla-port-atlantique/12345"
    assert "Le chantier du port Dakhla Atlantique" in article.text
    for chrome in ("cookies", "Zenata", "Othman Ben Affane", "Accueil"):
        assert chrome not in article.text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dakhla : le port Atlantique avance | Le Matin", "Dakhla : le port Atlantique avance"),
        ("Dakhla : le port Atlantique avance - LE MATIN", "Dakhla : le port Atlantique avance"),
        ("Dakhla : le port Atlantique avance", "Dakhla : le port Atlantique avance"),
        ("Le Matin", "Le Matin"),
    ],
)
def test_site_name_leaves_the_title(title: str, expected: str) -> None:
    page = ARTICLE_HTML.replace("<h1>Dakhla : le port Atlantique avance</h1>", "").replace(
        '<meta name="author"', f'<meta property="og:title" content="{title}">\n<meta name="author"'
    )
    article = clean_bytes("lematin.html", page.encode())
    assert article.title == expected


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("nav-only.html", b"<html><body><nav><a href='/'>Accueil</a></nav></body></html>", "words of body text"),
        ("no-body.html", b"<html><head><title>Vide</title></head><body></body></html>", "no main text"),
        ("short.txt", "Titre\nUne phrase trop courte pour un article.".encode(), "fewer than"),
    ],
)
def test_pages_without_an_article_body_are_rejected(name: str, data: bytes, reason: str) -> None:
    outcome = clean_bytes(name, data)
    assert isinstance(outcome, Rejected) and reason in outcome.reason


def test_a_page_in_another_language_is_kept_and_flagged() -> None:
    text = "Title\n" + "The new industrial zone covers two thousand hectares near the port, officials said on Monday. " * 6
    article = clean_bytes("english.txt", text.encode())
    assert isinstance(article, Article)
    assert article.language is None
    assert any("French" in warning for warning in article.warnings)


def _listing_html(headlines: list[str]) -> bytes:
    items = "".join(f'<li><a href="/a/{n}">{headline}</a></li>' for n, headline in enumerate(headlines))
    return (
        '<html lang="fr"><head><meta charset="utf-8"><title>Régions | Le Quotidien du Souss</title></head><body>'
        '<nav><a href="/">Accueil</a> <a href="/regions">Régions</a></nav>'
        f"<main><h1>Régions</h1><ul>{items}</ul></main></body></html>"
    ).encode()


BRIEFS = [
    # 20 words
    "Agadir – L'ORMVA du Souss-Massa a lancé lundi la reconversion de 300 hectares d'agrumes au goutte-à-goutte "
    "dans la province de Taroudant.",
    # 30 words, the brief of the issue
    "La ville de Fès a inauguré une zone de 120 ha le 3 mars 2024, en présence du wali de la région "
    "Fès-Meknès et des élus de la commune.",
    # 39 words
    "Le Conseil régional de l'Oriental a voté jeudi une enveloppe de 80 millions de dirhams pour aménager "
    "une zone d'activités de 45 hectares à Guercif. Les travaux commenceront en septembre, pour une livraison "
    "prévue à la fin de 2026.",
]


@pytest.mark.parametrize("brief", BRIEFS)
def test_a_news_brief_gives_an_article_with_a_warning(brief: str) -> None:
    assert 20 <= len(brief.split()) < 40
    article = clean_bytes("brief.txt", f"Brève\n{brief}\n".encode())
    assert isinstance(article, Article)
    assert article.text == brief
    assert any("short body" in warning for warning in article.warnings)


def test_a_brief_page_in_html_gives_an_article() -> None:
    html = (
        '<html lang="fr"><head><meta charset="utf-8"><title>Guercif : 45 hectares pour une zone d\'activités</title>'
        '</head><body><nav><a href="/">Accueil</a> <a href="/regions">Régions</a></nav>'
        f"<article><h1>Guercif : 45 hectares pour une zone d'activités</h1><p>{BRIEFS[2]}</p></article></body></html>"
    )
    article = clean_bytes("brief.html", html.encode())
    assert isinstance(article, Article) and article.text == BRIEFS[2]


HEADLINES = [
    "Agadir : le port de pêche enregistre une hausse de 12 % des débarquements",
    "Souss-Massa : 3.000 hectares d'agrumes menacés par la sécheresse",
    "Taroudant : la coopérative Tifaout inaugure une unité de valorisation de l'argan",
    "Tiznit : le conseil provincial adopte son budget 2025",
]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("listing.html", (ROOT / "tests" / "data" / "listing-page.html").read_bytes(), "listing page"),
        ("two.html", _listing_html(HEADLINES[:2]), "not an article"),
        ("three.html", _listing_html(HEADLINES[:3]), "not an article"),
        ("four.html", _listing_html(HEADLINES), "not an article"),
        ("one.html", _listing_html(HEADLINES[:1]), "not an article"),
        ("19-words.txt", ("Brève\n" + " ".join(BRIEFS[0].split()[:19])).encode(), "fewer than 20"),
    ],
)
def test_listing_pages_and_scraps_are_still_rejected(name: str, data: bytes, reason: str) -> None:
    outcome = clean_bytes(name, data)
    assert isinstance(outcome, Rejected) and reason in outcome.reason
