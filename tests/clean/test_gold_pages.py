"""Every page of the dev gold split through the cleaning stage alone: each body fragment kept
and no chrome line leaked (the test split is held to the same by the accuracy gate). The dev
split holds pages of site templates added for related-article boxes inside the body
(``A LIRE AUSSI`` tables, ``Voir aussi`` cards), teaser lists and comment blocks."""

import re

import pytest

from pipeline.evaluate.gold import GoldArticle, load_gold
from pipeline.run import clean_pages
from tests.conftest import ROOT

DEV = load_gold([ROOT / "samples" / "gold" / "dev.jsonl"])
_LINE_SUFFIX = re.compile(r"#L\d+$")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, dict]:
    files = sorted({_LINE_SUFFIX.sub("", str(ROOT / article.source)) for article in DEV})
    return {o["source"]["path"] if "source" in o else o["input"]: o for o in clean_pages(files)}


def _spaced(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("article", DEV, ids=[article.id for article in DEV])
def test_dev_gold_page_is_cleaned(cleaned: dict[str, dict], article: GoldArticle) -> None:
    page = cleaned[str(ROOT / article.source)]
    assert "text" in page, page
    text = _spaced(page["text"])
    assert [f for f in article.body_must_contain if _spaced(f) not in text] == []
    assert [f for f in article.body_must_not_contain if _spaced(f) in text] == []
