"""Page layouts that mislead trafilatura: layout tables, leads set apart, titles with a trail."""

import lxml.html
import pytest

from pipeline.clean import Article
from pipeline.clean.layout import is_layout_table
from tests.clean.test_clean import clean_bytes

PARAGRAPHS = [
    "L'Agence nationale pour le développement des zones oasiennes et de l'arganier a lancé la réhabilitation "
    "de 1.200 hectares de palmeraies dans la province d'Ouarzazate, a-t-on appris mardi.",
    "Selon la direction provinciale de l'agriculture, les palmeraies de Skoura ont perdu près du tiers de leurs "
    "arbres en vingt ans, sous l'effet de la sécheresse et de la maladie du bayoud.",
    "Le programme, financé à hauteur de 95 millions de dirhams, associe le Conseil régional de Drâa-Tafilalet. "
    "Il doit s'achever en décembre 2026, selon le calendrier de l'agence.",
]
LEAD = "Le programme cible les oasis de Skoura, de Tarmigte et de Fint, où vivent près de 40.000 habitants."
BODY = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)


def page(body: str, *, title: str = "Ouarzazate : 1.200 hectares de palmeraies réhabilités") -> bytes:
    return (
        f'<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<nav><a href="/">Accueil</a> <a href="/regions">Régions</a> <a href="/sport">Sport</a></nav>'
        f"{body}<footer>© 2024 Aujourd'hui le Maroc</footer></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("table", "layout"),
    [
        ("<table><tr><th>Province</th><th>Superficie</th></tr><tr><td>Skoura</td><td>450 ha</td></tr></table>", False),
        ("<table><tr><td><b>A LIRE AUSSI</b></td></tr><tr><td><a href='/z'>Zagora : la palmeraie ravagée</a></td></tr></table>", False),
        (f"<table><tr><td class='menu'><a href='/'>Accueil</a></td></tr><tr><td class='texte'>{BODY}</td></tr></table>", True),
        (f"<table><tr><td>{' '.join(PARAGRAPHS)}</td></tr></table>", True),
        ("<table><tr><td><table><tr><td>Skoura</td></tr></table></td></tr></table>", True),
    ],
)
def test_layout_tables_are_told_from_data_tables(table: str, layout: bool) -> None:
    assert is_layout_table(lxml.html.fromstring(table)) is layout


def test_an_article_laid_out_in_tables_keeps_its_paragraphs_apart_and_loses_its_boxes() -> None:
    box = (
        "<table class='encadre'><tr><td><b>A LIRE AUSSI</b></td></tr>"
        "<tr><td><a href='/z'>Zagora : la palmeraie de Tinzouline ravagée par un incendie</a></td></tr>"
        "<tr><td><a href='/e'>Errachidia : le barrage Kaddoussa enfin en service</a></td></tr></table>"
    )
    body = f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{box}<p>{PARAGRAPHS[2]}</p>"
    grid = (
        "<table><tr><td colspan='2' class='menu'><a href='/eco'>Economie</a> | <a href='/soc'>Société</a></td></tr>"
        "<tr><td class='colgauche'><a href='/d'>Stress hydrique : le Maroc face à la sécheresse</a></td>"
        f"<td class='colcentre'><h1>Ouarzazate : 1.200 hectares de palmeraies réhabilités</h1>{body}</td></tr></table>"
    )
    article = clean_bytes("alm.html", page(grid))
    assert isinstance(article, Article)
    assert article.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "lead_markup",
    [
        f"<div class='chapo'><p>{LEAD}</p></div>",
        f"<p class='story-lead-text'><strong>{LEAD}</strong></p>",
        f"<table><tr><td class='chapeau'><b>{LEAD}</b></td></tr></table>",
    ],
)
def test_a_lead_set_apart_under_the_headline_comes_back(lead_markup: str) -> None:
    markup = f"<h1>Ouarzazate : 1.200 hectares de palmeraies réhabilités</h1>{lead_markup}<article>{BODY}</article>"
    article = clean_bytes("lead.html", page(markup))
    assert article.text.split("\n") == [LEAD, *PARAGRAPHS]


@pytest.mark.parametrize(
    "chrome",
    [
        # a teaser card: the whole block is a link
        "<a href='/t'><p>Tinghir : quarante khettaras ont été restaurées par les coopératives de la vallée du Todgha cette année.</p></a>",
        # a caption
        "<figure><img src='p.jpg'><figcaption>Une palmeraie près de Skoura, où les séguias ont été refaites par les coopératives locales.</figcaption></figure>",
        # a newsletter prompt
        "<div class='nl'><p>Recevez chaque matin l'essentiel de l'actualité régionale en vous inscrivant à notre newsletter gratuite.</p></div>",
    ],
)
def test_chrome_between_headline_and_body_does_not_come_back(chrome: str) -> None:
    markup = f"<h1>Ouarzazate : 1.200 hectares de palmeraies réhabilités</h1>{chrome}<article>{BODY}</article>"
    article = clean_bytes("chrome.html", page(markup))
    assert article.text.split("\n") == PARAGRAPHS


def test_the_title_comes_back_with_its_trail_of_rubric_site_and_date() -> None:
    title = "Ouarzazate : 1.200 hectares de palmeraies réhabilités"
    markup = (
        f"<div><p>{title} | Environnement | DW | 23.05.2011</p>"
        "<p>Nous utilisons des cookies pour améliorer l'offre que nous vous proposons.</p>"
        f"<h1>{title}</h1>{BODY}</div>"
    )
    article = clean_bytes("dw.html", page(markup, title=f"{title} | DW | 23.05.2011"))
    assert article.title == title
    assert article.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "box",
    [
        "<table class='encadre'><tr><td><b>A LIRE AUSSI</b></td></tr>"
        "<tr><td><a href='/z'>Zagora : la palmeraie de Tinzouline ravagée par un incendie</a></td></tr>"
        "<tr><td><a href='/e'>Errachidia : le barrage Kaddoussa enfin en service</a></td></tr></table>",
        "<table><tr><td>A LIRE AUSSI</td>"
        "<td><a href='/z'>Zagora : la palmeraie de Tinzouline ravagée par un incendie</a></td></tr></table>",
        "<table><tbody><tr><th>À lire aussi</th></tr><tr><td><a href='/z'>Zagora : la palmeraie de Tinzouline "
        "ravagée par un incendie</a><br>Le feu a détruit 300 palmiers dans la nuit de samedi à dimanche…</td></tr></tbody></table>",
        "<div class='inline'><p><strong>► Voir aussi</strong></p><p><a href='/z'>Zagora : la palmeraie de Tinzouline "
        "ravagée par un incendie</a> - <a href='/e'>Errachidia : le barrage Kaddoussa enfin en service</a></p></div>",
    ],
)
def test_a_related_article_box_between_two_paragraphs_leaves_the_body(box: str) -> None:
    body = f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{box}<p>{PARAGRAPHS[2]}</p>"
    article = clean_bytes("box.html", page(f"<article><h1>Ouarzazate : 1.200 hectares de palmeraies réhabilités</h1>{body}</article>"))
    assert article.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "tail",
    [
        # headlines under the article, with no heading
        "<ul><li><a href='/z'>Zagora : la palmeraie de Tinzouline ravagée par un incendie</a></li>"
        "<li><a href='/e'>Errachidia : le barrage Kaddoussa enfin en service</a></li></ul>",
        # teaser cards: a linked headline, a whole-sentence excerpt, a date
        "<div class='bloc'><h3>Sur le même thème</h3><div><a href='/z'><img src='a.jpg'></a>"
        "<h4><a href='/z'>Zagora : la palmeraie de Tinzouline ravagée par un incendie</a></h4>"
        "<p>Le feu a détruit 300 palmiers dans la nuit de samedi à dimanche, selon la protection civile.</p>"
        "<span>12 mars 2025</span></div></div>",
        # comments whose markup does not say so
        "<div class='avis-lecteurs'><h3>3 réactions</h3><div class='item'><b>Karim</b> <i>le 12/03/2025 à 10h14</i>"
        "<p>Très bonne nouvelle pour la région, mais il faut que les jeunes en profitent vraiment cette fois.</p></div></div>",
        # share buttons and tags
        "<div class='partage'><span>Partager :</span><a href='#'>Facebook</a><a href='#'>Twitter</a></div>"
        "<div class='keywords'><span>Mots clés :</span> <a href='/t/a'>Agriculture</a>, <a href='/t/b'>Ouarzazate</a></div>",
    ],
)
def test_what_stands_under_the_article_leaves_the_body(tail: str) -> None:
    markup = f"<article><h1>Ouarzazate : 1.200 hectares de palmeraies réhabilités</h1>{BODY}{tail}</article>"
    article = clean_bytes("tail.html", page(markup))
    assert article.text.split("\n") == PARAGRAPHS
