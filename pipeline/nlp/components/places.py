"""The places component: gazetteer matches and the model's entities, one canonical place each.

Two sources of candidate spans:

- the gazetteer (``pipeline.normalise.places``): the longest run of name-like tokens,
  starting with a capital, whose spelling key is a known place. The key makes
  « Ben Guerir », « Laayoune » or « Fes » match where a PhraseMatcher on the exact text
  or its lower case would need every variant spelled out;
- the model's entities: ``LOC`` spans confirm a gazetteer match (source ``both``), and
  a name the gazetteer does not know is kept when it looks like a place (source ``model``).

What is not kept:

- a gazetteer match inside an institution of ``doc.spans["institutions"]``
  (« Université Mohammed V de Rabat »), inside a longer name the model tags ``PER`` or
  ``MISC`` (« Ahmed Fès »), followed by more of an ``ORG``'s name (« Maroc Telecom »,
  « Plan Maroc Vert »), or after a title (« M. Fès »);
- a spelling that is not proof enough alone (an alternate spelling, or one that is also
  a common word or a first name: « Seul », « Nancy ») unless the model tags it ``LOC``
  (not as a part of a longer ``LOC``: « Ben » in « barrage Youssef Ben Tachfine ») or a
  word before it announces a place;
- a name the gazetteer does not know, unless a noun before it makes it a place (« la
  commune de Sidi Bibi », « le barrage Al Wahda »: then whatever the model's label), or
  the model tags it ``LOC`` and it starts with a geographic head word (« Oued Tensift »)
  or follows a locative preposition (« à Clichy-sous-Bois »). Title words, common nouns,
  first names and acronyms the model tags ``LOC`` (« Eco-quartiers », « Bulletin »,
  « Sanae ») are dropped. Such places keep the name as written, with no coordinates.

Spans are written to ``doc.spans["places"]``, sorted and non-overlapping, each with
``span._.norm`` set to a :class:`~pipeline.normalise.places.Place`.
"""

import re
from bisect import bisect_right
from collections.abc import Container, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.lexicon import Lexicon
from pipeline.normalise.places import DATA_DIR, Cues, Gazetteer, Place, gazetteer_of, spelling_key

PLACE_LABELS = frozenset({"LOC", "GPE"})
# Model labels of names a place name can be part of without being a place there
# (« Ahmed Fès »). An organisation's name only hides a place the name goes on after
# (« Maroc Telecom », « Plan Maroc Vert »), not one it ends with (« … Park de Benguerir »):
# institutions proper are doc.spans["institutions"].
NAME_LABELS = frozenset({"PER", "MISC"})
# Characters a token of a place name may hold besides letters and digits; a token of marks
# alone joins a name only when written tight (« Rabat-Salé ») or when it is « & ».
NAME_MARKS = frozenset("-'’&")
MAX_LIST_STEPS = 4
MAX_MODEL_TOKENS = 6
# All-capital words up to this many letters are acronyms (« UA », « CHU »), not places,
# unless the gazetteer spells a place so (« USA »).
ACRONYM_LETTERS = 4
# The phase or unit number after a site's name belongs to it, name included: « Noor Midelt II ».
SITE_NUMBER = re.compile(r"(?:I{1,3}|IV|V|\d)$")
# A word's spelling key, kept for the words seen most: the key of a name is the keys of its
# words joined, so each candidate name costs a concatenation rather than a folding.
word_key = lru_cache(maxsize=1 << 16)(spelling_key)


@dataclass(frozen=True)
class Names:
    """What the component reads of one document before looking at its names, read once."""

    institutions: list[Span]
    ents: tuple[Span, ...]  # doc.ents is rebuilt from the tokens on every access
    # (words, text) of every last part of a person's full name: « Ouattara » of « Alassane Ouattara »
    surnames: frozenset[tuple[int, str]]

    @classmethod
    def of(cls, doc: Doc) -> "Names":
        ents = doc.ents
        surnames = frozenset((size, ent[-size:].text) for ent in ents if ent.label_ == "PER"
                             for size in range(1, len(ent)))
        return cls(list(doc.spans["institutions"]) if "institutions" in doc.spans else [], ents, surnames)


@Language.factory(
    "news_places",
    assigns=["doc.spans", "span._.norm"],
    requires=["doc.ents", "doc.spans"],
    default_config={"data_dir": None, "spans_key": "places"},
)
def make_places(nlp: Language, name: str, data_dir: str | None, spans_key: str) -> "PlacesComponent":
    """The places component, with every resource read from ``data_dir`` (default: models/places)."""
    folder = Path(data_dir) if data_dir else DATA_DIR
    return PlacesComponent(gazetteer_of(folder), Cues.load(folder / "cues.tsv"),
                           common_words=Lexicon.of(nlp, forms=False),
                           spans_key=spans_key)



def is_name_token(token: Token) -> bool:
    if token.is_space or not all(ch.isalnum() or ch in NAME_MARKS for ch in token.text):
        return False
    if any(ch.isalnum() for ch in token.text) or token.text == "&":
        return True
    tight_before = token.i > 0 and not token.doc[token.i - 1].whitespace_
    return tight_before and not token.whitespace_


def is_short_capitals(text: str) -> bool:
    """An acronym-like word: « UA », « CHU », not « MAROC »."""
    letters = [ch for ch in text if ch.isalpha()]
    return 2 <= len(letters) <= ACRONYM_LETTERS and text.isupper()


def overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def outgrown(span: Span, others: list[Span]) -> bool:
    """Strictly inside a longer one of the others."""
    return any(other.start <= span.start and span.end <= other.end and len(other) > len(span)
               for other in others)


class PlacesComponent:
    """Finds places, resolves each to one canonical place, rejects what is not a place."""

    reads = ("institutions",)

    def __init__(self, gazetteer: Gazetteer, cues: Cues, *, common_words: Container[str] = frozenset(),
                 spans_key: str = "places") -> None:
        self.gazetteer = gazetteer
        self.cues = cues
        self.common_words = common_words
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        names = Names.of(doc)
        found: list[Span] = []
        for match in self.gazetteer_matches(doc):
            kept = self.gazetteer_place(match, names)
            if kept is None:
                # A spelling that is no proof alone may hold one that is: « République du <Sénégal> ».
                inner = next(self.gazetteer_matches(doc, match.start + 1, match.end), None)
                kept = self.gazetteer_place(inner, names) if inner is not None else None
            if kept is not None:
                found.append(labelled(*kept))
        for ent in names.ents:
            span = self.trimmed(ent)
            if span is None or overlaps(span, found) or overlaps(span, names.institutions):
                continue
            place = self.model_place(span, ent.label_, names)
            if place is not None:
                found.append(labelled(span, place))
        doc.spans[self.spans_key] = sorted(filter_spans(found), key=lambda span: span.start)
        return doc

    def gazetteer_matches(self, doc: Doc, start: int = 0, end: int | None = None) -> Iterator[Span]:
        """Longest known names, left to right, never overlapping, within ``doc[start:end]``."""
        end = len(doc) if end is None else end
        while start < end:
            match = self.longest_match(doc, start, end) if self.starts_name(doc[start]) else None
            if match is None:
                start += 1
            else:
                yield match
                start = match.end

    def starts_name(self, token: Token) -> bool:
        return token.text[:1].isupper() and token.lower_ not in self.cues.elided and is_name_token(token)

    def longest_match(self, doc: Doc, start: int, stop: int) -> Span | None:
        """The longest known name of name tokens from ``start``, up to the gazetteer's longest name."""
        tokens = [doc[start]]
        for index in range(start + 1, min(stop, start + self.gazetteer.max_words)):
            if not is_name_token(doc[index]):
                break
            tokens.append(doc[index])
        keys = [word_key(token.text) for token in tokens]
        for size in range(len(tokens), 0, -1):
            if not keys[size - 1]:  # a name ends with a letter or a digit
                continue
            words = 1 + sum(bool(token.whitespace_) for token in tokens[:size - 1])
            if self.gazetteer.knows_key("".join(keys[:size]), words):
                span = doc[start:start + size]
                if not self.is_acronym(span.text):
                    return span
        return None

    def is_acronym(self, text: str) -> bool:
        return is_short_capitals(text) and text not in self.gazetteer.spellings(text)

    def gazetteer_place(self, match: Span, names: Names) -> tuple[Span, Place] | None:
        """The span and place of a gazetteer match, unless its context says it is no place."""
        kind = self.announced_kind(match, self.cues.before) or self.announced_kind(match, self.cues.locative)
        resolution = self.gazetteer.lookup(match.text, kind=kind)
        if resolution is None:
            return None
        place = resolution.place
        span = with_number(match) if place.kind == "site" else match
        if span is not match:
            place = replace(place, name=f"{place.name} {span[-1].text}")
        near = _overlapping(names.ents, span)
        hiding = [ent for ent in near if (ent.label_ in NAME_LABELS and not self.titled(ent))
                  or (ent.label_ == "ORG" and ent.end > span.end)]
        locations = [trimmed for ent in near if ent.label_ in PLACE_LABELS and (trimmed := self.trimmed(ent)) is not None]
        if overlaps(span, names.institutions) or outgrown(span, hiding) or self.after_title(span):
            return None
        confirmed = overlaps(span, locations) and not outgrown(span, locations)
        announced = kind is not None and resolution.place.kind == kind
        if resolution.minor and not ((confirmed and kind in (None, resolution.place.kind))
                                     or (announced and resolution.own)):
            return None
        if not (resolution.certain or announced or confirmed):
            return None
        if not (resolution.certain or announced) and (
                surname(span, names) or (len(span) == 1 and span.text in self.common_words)):
            return None
        return span, replace(place, source="both" if overlaps(span, locations) else "gazetteer")

    def titled(self, ent: Span) -> bool:
        """A person's title rather than a name: « Président de la République du Sénégal »."""
        first = ent[0]
        return (ent.label_ == "PER" and len(ent) > 1 and first.is_title and first.text in self.common_words
                and not self.gazetteer.knows(first.text))

    def after_title(self, span: Span) -> bool:
        return span.start > 0 and span.doc[span.start - 1].lower_ in self.cues.title

    def announced_kind(self, span: Span, cues: dict[str, str]) -> str | None:
        """The kind a word before the name announces: « la province de Kénitra ».

        Links (« de », « la ») are skipped, and so are the earlier names of a list:
        in « les communes de Biougra et d'Aït Amira », « communes » announces both.
        """
        doc = span.doc
        index = span.start - 1
        for _ in range(MAX_LIST_STEPS):
            while index >= 0 and doc[index].lower_ in self.cues.links:
                index -= 1
            if index < 0:
                return None
            word = "à" if doc[index].text == "A" else doc[index].lower_
            if word in cues:
                return cues[word] or None
            if word not in self.cues.list_joins:
                return None
            index -= 1
            while index >= 0 and is_name_token(doc[index]) and doc[index].lower_ not in self.cues.links:
                index -= 1
        return None

    def trimmed(self, ent: Span) -> Span | None:
        """The entity without leading lower-case words (« la plaine de Chtouka » → « Chtouka »)."""
        start = ent.start
        while start < ent.end and not self.starts_name(ent.doc[start]):
            start += 1
        return ent.doc[start:ent.end] if start < ent.end else None

    def model_place(self, span: Span, label: str, names: Names) -> Place | None:
        """A name the gazetteer does not know, if it looks like a place."""
        letters = sum(ch.isalpha() for ch in span.text)
        if (len(span) > MAX_MODEL_TOKENS or letters < 3 or any(ch.isdigit() for ch in span.text)
                or any(is_short_capitals(token.text) for token in span)
                or any(token.is_upper and token.is_alpha and len(token) > 1 for token in span)
                or (len(span) == 1 and span.text in self.common_words)
                or surname(span, names)):
            return None
        kind = self.announced_kind(span, self.cues.before)
        if not kind and label in PLACE_LABELS:
            head = self.cues.head.get(span[0].lower_) if len(span) > 1 else None
            kind = head or self.announced_kind(span, self.cues.locative)
        if not kind:
            return None
        return Place(name=" ".join(span.text.split()), kind=kind, country=None, lat=None, lon=None,  # type: ignore[arg-type]
                     geonames_id=None, parent=None, source="model")


def surname(span: Span, names: Names) -> bool:
    """Whether the article writes the name as the last words of a person's full name.

    « Alassane Ouattara » earlier makes « Ouattara » a person, whatever the model
    tags it there.
    """
    return (len(span), span.text) in names.surnames


def _overlapping(ents: tuple[Span, ...], span: Span) -> list[Span]:
    """The entities overlapping ``span``; entities are sorted and never overlap, so bisection finds the first."""
    index = bisect_right(ents, span.start, key=lambda ent: ent.end)
    near = []
    while index < len(ents) and ents[index].start < span.end:
        near.append(ents[index])
        index += 1
    return near


def with_number(span: Span) -> Span:
    """The site's span with the phase number that follows it, if any."""
    doc = span.doc
    if span.end < len(doc) and span[-1].whitespace_ and SITE_NUMBER.match(doc[span.end].text):
        return doc[span.start:span.end + 1]
    return span


def labelled(span: Span, place: Place) -> Span:
    result = Span(span.doc, span.start, span.end, label="PLACE")
    result._.norm = place
    return result
