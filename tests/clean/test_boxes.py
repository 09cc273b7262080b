"""Related-article boxes, teaser lists, comment blocks and paywalls leave the body."""

import pytest

from pipeline.clean.boxes import heading_kind, strip_boxes
from pipeline.clean.listing import line_key

LINKS = frozenset(
    line_key(text)
    for text in (
        "Zagora : la palmeraie de Tinzouline ravagée par un incendie",
        "Errachidia : le barrage Kaddoussa enfin en service",
        "Saïdia : la station balnéaire mise sur le golf",
        "Oujda : la technopole attire deux nouveaux câbleurs",
        "Agriculture",
        "Irrigation",
    )
)
FIRST = "L'Agence nationale des eaux et forêts a lancé mardi la régénération de 1.500 hectares de chêne-liège dans la forêt de la Maâmora, près de Kénitra."
SECOND = "Les travaux, confiés à des coopératives de Sidi Yahya El Gharb, doivent s'achever en décembre 2026, selon la direction régionale."
THIRD = "Le programme a coûté 45 millions de dirhams, financés par le Fonds forestier national."


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("A LIRE AUSSI", "box"),
        ("Lire aussi :", "box"),
        ("À lire également", "box"),
        ("Voir aussi", "box"),
        ("Sur le même sujet", "box"),
        ("Dans la même rubrique :", "box"),
        ("Articles similaires", "box"),
        ("Vous aimerez aussi", "box"),
        ("Les plus lus", "box"),
        ("► À lire aussi", "box"),
        (">> Voir aussi :", "box"),
        ("| A LIRE AUSSI |", "box"),
        ("Pour aller plus loin", "box"),
        ("Commentaires", "end"),
        ("2 Commentaires", "end"),
        ("Vos avis (2)", "end"),
        ("Réactions (2)", "end"),
        ("Laisser un commentaire", "end"),
        ("Réagissez à cet article", "end"),
        ("2 réponses à « Zenata : l'éco-cité sort de terre »", "end"),
        ("Pour lire la suite, abonnez-vous", "end"),
        ("Il vous reste 70 % de cet article à lire.", "end"),
        ("À propos de l'auteur", "end"),
        ("Soyez le premier à commenter cet article !", "end"),
        ("Votre adresse e-mail ne sera pas publiée.", "end"),
        # a section of the article, not a comment block
        ("Réactions", None),
        ("Lire aussi les déclarations du ministre devant le Parlement.", None),
        ("Le barrage Mohammed V n'était rempli qu'à 6 % à la mi-mai.", None),
        ("Avis des experts sur la nouvelle loi 64-17", None),
    ],
)
def test_box_headings(line: str, kind: str | None) -> None:
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an A LIRE AUSSI table between two paragraphs
        (
            [FIRST, "A LIRE AUSSI", "Zagora : la palmeraie de Tinzouline ravagée par un incendie",
             "Errachidia : le barrage Kaddoussa enfin en service", SECOND, THIRD],
            [FIRST, SECOND, THIRD],
        ),
        # a heading whose links trafilatura already dropped
        ([FIRST, "LIRE AUSSI", SECOND, THIRD], [FIRST, SECOND, THIRD]),
        # a teaser list under the article: headline and excerpt on one line, a date
        (
            [FIRST, SECOND, THIRD, "Sur le même sujet",
             "Saïdia : la station balnéaire mise sur le golf Le nouveau parcours de 18 trous doit ouvrir à l'été…",
             "04/02/2025",
             "Oujda : la technopole attire deux nouveaux câbleurs"],
            [FIRST, SECOND, THIRD],
        ),
        # excerpts cut short, without links (a text dump)
        (
            [FIRST, SECOND, "Dans la même rubrique",
             "Agadir : le port de pêche modernisé pour 180 millions de dirhams",
             "Les travaux concernent la halle aux poissons et le bassin de carénage, dont la capacité sera doublée…",
             THIRD],
            [FIRST, SECOND, THIRD],
        ),
        # comments: prose, but nothing of the article follows their heading
        (
            [FIRST, SECOND, THIRD, "Vos avis (2)", "Mohamed, Skoura – 12/11/2024 à 18h40",
             "Il était temps. Les jeunes quittent l'oasis parce que les palmiers meurent."],
            [FIRST, SECOND, THIRD],
        ),
        # a paywall
        (
            [FIRST, SECOND, "Pour lire la suite", "et accéder gratuitement à 3 articles par mois,", "créez votre compte"],
            [FIRST, SECOND],
        ),
        # tags and a lone label under the last paragraph
        ([FIRST, SECOND, THIRD, "Agriculture", "Irrigation", "Temas"], [FIRST, SECOND, THIRD]),
        # a comment counter above the body does not end it
        (["3 commentaires", FIRST, SECOND, THIRD], [FIRST, SECOND, THIRD]),
        # no box: the body is left alone
        ([FIRST, SECOND, THIRD], [FIRST, SECOND, THIRD]),
    ],
)
def test_strip_boxes(body: list[str], expected: list[str]) -> None:
    assert strip_boxes(body, LINKS) == expected
