"""Build the spaCy pipeline once per process: fr_core_news_md plus our components.

Every component follows one contract, as spaCy's own ``span_ruler``: a registered factory
whose ``default_config`` names its data folder (None: its folder of ``models/``) and the span
group it writes (``spans_key``), from which every one of its resources is read; ``assigns``
declared to spaCy; and ``reads``, the span groups of other components it reads. spaCy only
warns of a missing requirement, so the build refuses a pipeline where a component comes
before one whose span group it reads.
"""

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import PipelineError
from pipeline.nlp import extensions  # noqa: F401  (declares the custom attributes)
from pipeline.nlp.components import areas, dates, institutions, places  # noqa: F401  (registers the factories)
from pipeline.nlp.pieces import PIECE_CHARS, batches, joined, pieces

MODEL_NAME = "fr_core_news_md"
COMPONENTS = ("news_institutions", "news_places", "news_areas", "news_dates")


class ComponentOrderError(PipelineError):
    """A component is placed before the component whose span group it reads."""


@dataclass(frozen=True)
class NlpFailure:
    """A document the pipeline could not analyse: its input's name, the component and the error."""

    input: str
    reason: str


def check_order(nlp: Language) -> None:
    """Refuse a pipeline where a component reads a span group no earlier component writes."""
    writers: dict[str, str] = {}
    for name, component in nlp.pipeline:
        for group in getattr(component, "reads", ()):
            if group not in writers:
                writer = next((other for other, pipe in nlp.pipeline if getattr(pipe, "spans_key", None) == group), None)
                fix = f"add {writer!r} before it" if writer else "add the component that writes it before it"
                raise ComponentOrderError(f"{name!r} reads doc.spans[{group!r}], which no earlier component writes: {fix}")
        if hasattr(component, "spans_key"):
            writers[component.spans_key] = name


def add_components(nlp: Language, names: Iterable[str], configs: dict[str, dict[str, Any]] | None = None) -> Language:
    """Append the named components in order, each with its config, and check what each reads."""
    for name in names:
        nlp.add_pipe(name, last=True, config=(configs or {}).get(name, {}))
    check_order(nlp)
    return nlp


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the French model and append the project's components after its NER."""
    nlp = spacy.load(MODEL_NAME)
    _lemma_index_as_sets(nlp)
    return add_components(nlp, COMPONENTS)


def _lemma_index_as_sets(nlp: Language) -> None:
    """spaCy's French lemmatizer asks ``word in index`` of word lists (66,000 nouns): ask sets.

    The same words, so the same lemmas; a first batch goes from seconds of list scans to nothing.
    """
    if "lemmatizer" in nlp.pipe_names:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = frozenset(words)


def model_version() -> str:
    """The model's name and version as recorded in every record's provenance."""
    meta = load_nlp().meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


def analyse(
    texts: Iterable[tuple[str, date | None, str]], *, batch_size: int = 16, piece_chars: int = PIECE_CHARS
) -> Iterator[Doc | NlpFailure]:
    """Run the pipeline over (text, publication date, input name) triples, in order.

    The date is set on ``doc._.published`` before any component runs, so that relative
    dates resolve against the article's own publication date; the name on ``doc._.input``.
    A long text is analysed in pieces, joined back into one Doc of the whole text.
    spaCy's error handler takes a document that fails out of the stream and keeps the
    others: it comes back here as an NlpFailure in its place.
    """
    nlp = load_nlp()
    failures: dict[int, NlpFailure] = {}
    made: deque[Doc] = deque()
    counts: deque[int] = deque()  # pieces per text, filled as the pipe reads ahead

    def report(component: str, _proc: Any, docs: list[Doc], error: Exception) -> None:
        for doc in docs:
            failures[id(doc)] = NlpFailure(doc._.input, f"{component}: unexpected {type(error).__name__}: {error}")

    def docs() -> Iterator[Doc]:
        for text, published, name in texts:
            parts = pieces(text, piece_chars)
            counts.append(len(parts))
            for part in parts:
                doc = nlp.make_doc(part)
                doc._.published = published
                doc._.input = name
                yield doc

    def analysed() -> Iterator[Doc | NlpFailure]:
        """One outcome per piece, in order."""
        for batch in batches(docs(), batch_size):
            made.extend(batch)
            for doc in nlp.pipe(batch, batch_size=len(batch)):
                while made and made[0] is not doc:
                    yield failures.pop(id(made.popleft()))
                made.popleft()
                yield doc
            while made:
                yield failures.pop(id(made.popleft()))

    _set_error_handler(nlp, report)
    try:
        group: list[Doc | NlpFailure] = []
        for outcome in analysed():
            group.append(outcome)
            if len(group) == counts[0]:
                counts.popleft()
                failed = [item for item in group if isinstance(item, NlpFailure)]
                yield failed[0] if failed else joined(group)  # type: ignore[arg-type]  (no failure: all Docs)
                group = []
    finally:
        _set_error_handler(nlp, spacy.util.raise_error)


def _set_error_handler(nlp: Language, handler: Any) -> None:
    """``nlp.set_error_handler``, less its failure on the compiled parser, which cannot store a
    handler (spaCy 3.8 raises AttributeError there): the parser keeps raising, every other
    component, ours first, reports through ``handler``."""
    nlp.default_error_handler = handler
    for _, pipe in nlp.pipeline:
        with suppress(AttributeError):
            pipe.set_error_handler(handler)
