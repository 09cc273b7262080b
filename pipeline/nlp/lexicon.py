"""The French words the model's lemmatizer knows: what a capitalised common word is.

Both entity components ask whether a capitalised word is a plain French word
(« Bulletin », « Histoire », « Investissements ») rather than a name the model
took for a place or an organisation. The lemmatizer's tables list the lemmas
and their inflected forms; the words are compared folded, since the press
drops accents on capitals (« Etat » for « État »).
"""

from collections.abc import Container, Iterable

from spacy.language import Language

from pipeline.normalise.places import spelling_key as fold


class Lexicon:
    """French lemmas (compared folded) and inflected forms (compared in lower case).

    The lookup table of inflected forms is keyed by hash: it answers whether a
    form is in it, but cannot be listed, so only the lemmas are folded.
    """

    def __init__(self, lemmas: Iterable[str], forms: Container[str] = frozenset()) -> None:
        self.lemmas = frozenset(fold(word) for word in lemmas)
        self.forms = forms

    @classmethod
    def of(cls, nlp: Language, *, forms: bool = True) -> "Lexicon":
        """The lexicon of ``nlp``'s lemmatizer; empty when the pipeline has none.

        Without ``forms``, only lemmas: a place name is often an inflected form of
        some verb (« Cintra »), an organisation's name seldom.
        """
        if "lemmatizer" not in nlp.pipe_names:
            return cls(())
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is None:
            return cls(())
        lemmas = []
        if lookups.has_table("lemma_index"):
            lemmas = [word for words in lookups.get_table("lemma_index").values() for word in words]
        table = lookups.get_table("lemma_lookup") if forms and lookups.has_table("lemma_lookup") else frozenset()
        return cls(lemmas, table)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (fold(word) in self.lemmas or word.lower() in self.forms)
