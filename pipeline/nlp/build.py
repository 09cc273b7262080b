"""Build the spaCy pipeline once per process: fr_core_news_md plus our components."""

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import extensions  # noqa: F401  (declares the custom attributes)
from pipeline.nlp.components import areas, dates, institutions, places  # noqa: F401  (registers the factories)

MODEL_NAME = "fr_core_news_md"

# Order matters: places skip spans inside institutions, areas look up the
# places of their sentence, dates skip spans already taken as areas.
COMPONENTS = ("news_institutions", "news_places", "news_areas", "news_dates")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the French model and append the project's components after its NER."""
    nlp = spacy.load(MODEL_NAME)
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp


def model_version() -> str:
    """The model's name and version as recorded in every record's provenance."""
    meta = load_nlp().meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


def analyse(texts: Iterable[tuple[str, date | None]], *, batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over (text, publication date) pairs, in order.

    The date is set on ``doc._.published`` before any component runs, so that
    relative dates resolve against the article's own publication date.
    """
    nlp = load_nlp()

    def docs() -> Iterator[Doc]:
        for text, published in texts:
            doc = nlp.make_doc(text)
            doc._.published = published
            yield doc

    yield from nlp.pipe(docs(), batch_size=batch_size)
