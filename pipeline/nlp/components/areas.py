"""The areas component: every surface area of the text, normalised to hectares.

A phrase matcher finds the unit words; where there are areas, a Matcher finds the
cues of a figure whose unit is understood from an earlier one (« 2.400 autres »,
« dont 3.600 »). The area grammar of ``pipeline.normalise.areas`` then decides how
far each area reaches: the widest stretch of tokens around a unit that reads as one area.
"""

import re
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.patterns import read_patterns
from pipeline.normalise.areas import DEFAULT_DATA_DIR, Area, AreaGrammar, NotAnArea
from pipeline.resources import read_tsv

LABELS = ("NUMBER", "ELLIPTIC_CUE", "ELLIPTIC_LEAD")
# How far the grammar looks around a unit: a qualifier and a range reach a few
# tokens to the left (« pas moins de 3 600 »), a compound further to the right.
LEFT_WINDOW = 8
# How far before the words of a long number its qualifier or range opening may begin (« pas moins de »).
OPENING_REACH = 4
RIGHT_WINDOW = 12
NOUNS = ("NOUN", "PROPN")
# Dependents kept in a noun phrase; relative clauses, appositions and
# coordinated phrases are cut off.
PHRASE_DEPS = ("det", "amod", "nmod", "case", "flat", "flat:name", "fixed", "compound", "nummod")
# A figure that could take one more group of thousands, and such a group.
_THOUSANDS = re.compile(r"\d{1,3}(?:[. \u00a0\u202f]\d{3})*")
_GROUP = re.compile(r"\d{3}(?!\d)")


@Language.factory(
    "news_areas",
    assigns=["doc.spans", "span._.norm"],
    requires=["doc.spans"],
    default_config={"data_dir": None, "spans_key": "areas"},
)
def make_areas(nlp: Language, name: str, data_dir: str | None, spans_key: str) -> "AreasComponent":
    """The areas component, with every resource read from ``data_dir`` (default: models/areas)."""
    return AreasComponent(nlp, data_dir=Path(data_dir) if data_dir else DEFAULT_DATA_DIR, spans_key=spans_key)


class AreasComponent:
    """Writes ``doc.spans["areas"]``, each span with an Area on ``span._.norm``.

    Reads the places of the area's sentence, and the places and institutions its
    measured noun phrase touches.
    """

    reads = ("institutions", "places")

    def __init__(self, nlp: Language, *, data_dir: Path = DEFAULT_DATA_DIR, spans_key: str = "areas") -> None:
        self.spans_key = spans_key
        self.grammar = AreaGrammar(data_dir)
        self.generic_heads = frozenset(row["lemma"].lower() for row in read_tsv(data_dir / "generic_heads.tsv", ("lemma",)))
        self.anchors = Matcher(nlp.vocab)
        for entry in read_patterns(data_dir / "patterns.jsonl", LABELS):
            self.anchors.add(entry["label"], [entry["pattern"]])
        # Unit forms come from units.tsv, tokenised as the pipeline will see them, with the
        # fraction words that make one token with a unit (« un demi-hectare »).
        self.units = PhraseMatcher(nlp.vocab, attr="LOWER")
        forms = [[token.lower_ for token in nlp.make_doc(form)] for form in self.grammar.units]
        fractions = [word for word in self.grammar.numbers.numerals if self.grammar.numbers.is_fraction(word)]
        self.units.add("UNIT", [Doc(nlp.vocab, words=form) for form in forms]
                       + [Doc(nlp.vocab, words=[f"{fraction}-{form[0]}"])
                          for fraction in fractions for form in forms if len(form) == 1])

    def __call__(self, doc: Doc) -> Doc:
        unit_ends: dict[int, int] = {}
        for _, start, end in self.units(doc):
            unit_ends[start] = max(end, unit_ends.get(start, end))
        ends = frozenset(unit_ends.values())
        found = [self._around_unit(doc, start, end, ends) for start, end in sorted(unit_ends.items())]
        areas = _keep_widest([item for item in found if item is not None])
        # Figures whose unit is understood from an earlier area of their sentence (none without one).
        anchors: dict[str, list[int]] = {label: [] for label in LABELS}
        for match_id, start, _ in self.anchors(doc) if areas else ():
            anchors[doc.vocab.strings[match_id]].append(start)
        numbers = set(anchors["NUMBER"])
        implied = [self._before_cue(doc, cue, areas) for cue in anchors["ELLIPTIC_CUE"] if cue - 1 in numbers]
        implied += [
            self._after_lead(doc, lead, areas) for lead in anchors["ELLIPTIC_LEAD"] if lead + 1 in numbers
        ]
        areas = _keep_widest(areas + [item for item in implied if item is not None])
        spans = []
        for span, area in areas:
            span._.norm = replace(area, measured=self._measured(span), place=_place(doc, span))
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def _around_unit(self, doc: Doc, start: int, end: int, unit_ends: frozenset[int]) -> tuple[Span, Area] | None:
        """The widest area that contains the unit at ``doc[start:end]``, if any.

        The window ignores sentence boundaries, which the parser sometimes puts
        inside a figure (« 41910 | km² »), but not paragraph breaks. Only stretches
        that can begin and end an area are read: they begin with a number or a
        qualifier, and end with a unit (``unit_ends``) or a fraction of one.
        """
        if self._is_name(doc, start, end):
            return None
        lefts = [left for left in range(self._leftmost(doc, start), start) if self.grammar.may_begin(doc[left].text)]
        rights = [
            right
            for right in range(end, min(len(doc), end + RIGHT_WINDOW) + 1)
            if right in unit_ends or self.grammar.numbers.is_numeral_word(doc[right - 1].text)
        ]
        best: tuple[Span, Area] | None = None
        for left in lefts:
            for right in rights:
                if best is not None and right - left <= len(best[0]):
                    continue
                span = doc[left:right]
                if "\n" in span.text:
                    continue
                try:
                    best = (span, self.grammar.parse(span.text))
                except NotAnArea:
                    continue
        if best is not None and self._cuts_a_number(best[0]):
            return None  # a number is read whole or not at all: « mille | mille deux cent hectares »
        return best

    def _leftmost(self, doc: Doc, start: int) -> int:
        """Where the search for an area left of a unit begins: a few tokens back, or as far as
        the words of its numbers reach (« cinquante et un million … trois cent deux d' »), and
        the qualifier or range opening before them (« entre un million et un million et demi »)."""
        left = start
        while left > 0 and self._in_number(doc[left - 1]):
            left -= 1
        return max(0, min(start - LEFT_WINDOW, left - OPENING_REACH))

    def _in_number(self, token: Token) -> bool:
        """Whether a token belongs to the words of a number and its unit link: « et », « - », « d' »."""
        return (
            token.text[:1].isnumeric()
            or self.grammar.numbers.is_numeral_word(token.text)
            or self._joins(token)
            or self.grammar.is_link(token.text)
        )

    def _joins(self, token: Token) -> bool:
        """« et » and the hyphen the tokenizer splits off: « vingt et un », « cinquante | - | six »."""
        return token.text == "-" or self.grammar.numbers.is_and(token.text)

    def _cuts_a_number(self, span: Span) -> bool:
        """Whether the span starts inside a number: after a number word, or its joining « et » or
        hyphen (« cinq | zéro hectares », « cinquante - | six mille hectares »),
        or after a figure of thousands when it starts with a group of three digits (« 1.234 | 567 ha »;
        a year before a figure is no part of it: « en 2019 | 300 ha »)."""
        before = span.start - 1
        while before >= 0 and self._joins(span.doc[before]):
            before -= 1  # « cinquante - | six mille hectares », « soixante et | onze hectares »
        if before < 0:
            return False
        if self.grammar.numbers.is_numeral_word(span.doc[before].text):
            return True
        group = bool(_THOUSANDS.fullmatch(span.doc[before].text) and _GROUP.match(span[0].text))
        return before == span.start - 1 and group

    def _is_name(self, doc: Doc, start: int, end: int) -> bool:
        """« Ha Long », « Ha Noi »: an ambiguous unit form before a capitalised word."""
        if not self.grammar.is_ambiguous(doc[start:end].text):
            return False
        return end < len(doc) and doc[end].is_alpha and doc[end].is_title

    def _before_cue(self, doc: Doc, cue: int, areas: list[tuple[Span, Area]]) -> tuple[Span, Area] | None:
        """« 3.600 hectares ont été créés et 2.400 autres »: the figure before « autres »."""
        if cue + 1 < len(doc) and _counts_things(doc[cue + 1]):
            return None  # « deux autres zones »: the figure counts zones
        for left in range(max(0, cue - LEFT_WINDOW), cue):
            found = self._with_earlier_unit(doc[left:cue], areas)
            if found is not None:
                return found
        return None

    def _after_lead(self, doc: Doc, lead: int, areas: list[tuple[Span, Area]]) -> tuple[Span, Area] | None:
        """« 13.000 ha, dont 3.600 irrigués »: the figure after « dont »."""
        for right in range(min(len(doc), lead + 1 + RIGHT_WINDOW), lead + 1, -1):
            if right < len(doc) and _counts_things(doc[right]):
                continue  # « dont 3.600 agriculteurs »
            found = self._with_earlier_unit(doc[lead + 1 : right], areas)
            if found is not None:
                return found
        return None

    def _with_earlier_unit(self, stretch: Span, areas: list[tuple[Span, Area]]) -> tuple[Span, Area] | None:
        """The stretch as an area in the unit of the last area before it in its sentence.

        Without a unit, only a figure in digits is taken: « dont une première tranche »
        counts nothing.
        """
        sent = stretch[0].sent
        earlier = [area for span, area in areas if sent.start <= span.start and span.end <= stretch.start]
        if not earlier or "\n" in stretch.text or not any(character.isdigit() for character in stretch.text):
            return None
        try:
            return stretch, self.grammar.parse(stretch.text, implied_unit=earlier[-1].unit)
        except NotAnArea:
            return None

    def _measured(self, span: Span) -> str | None:
        """The noun phrase the area measures, read from the dependency parse."""
        # The last token attached outside the span (or the root): the unit of « près de 12.000 ha »,
        # not « près ».
        attached = [token for token in span if token.head == token or token.head not in span]
        token = attached[-1]
        while True:
            complement = self._de_complement(token, outside=span)
            if complement is not None:  # « 13.000 ha de zones industrielles »
                return self._phrase(complement, span)
            head = token.head
            if token.dep_ == "nmod" and head.pos_ in NOUNS:
                if head.lemma_.lower() in self.generic_heads:  # « une superficie de 300 ha »
                    token = head
                    continue
                return self._phrase(head, span)  # « une zone de 300 ha »
            if head.pos_ == "VERB" and token.dep_.split(":")[0] in ("obl", "obj"):
                if head.dep_ == "acl" and head.head.pos_ in NOUNS:  # « le projet, développé sur 2.000 ha »
                    return self._phrase(head.head, span)
                subject = next((child for child in head.children if child.dep_.startswith("nsubj")), None)
                if subject is not None and subject.pos_ in NOUNS:  # « la zone s'étend sur 300 ha »
                    return self._phrase(subject, span)
            return None

    def _de_complement(self, token: Token, *, outside: Span | None = None) -> Token | None:
        """The noun of a « de » complement of ``token`` (« 13.000 ha de zones »), if it lies
        outside the span ``outside``."""
        for child in token.children:
            if child.dep_ != "nmod" or child.pos_ not in NOUNS:
                continue
            if outside is not None and outside.start <= child.i < outside.end:
                continue
            if any(case.dep_ == "case" and self.grammar.is_link(case.text) for case in child.children):
                return child
        return None

    def _phrase(self, noun: Token, area: Span) -> str:
        """The noun with its determiner, adjectives, bare participles and complements, as one
        stretch of text that leaves out the area itself (« un logement de 80 m² » -> « un logement »).

        A generic head gives way to its complement: « le projet de la Cité... » -> « la Cité... »;
        a place or institution the stretch touches is taken whole.
        """
        complement = self._de_complement(noun, outside=area)
        if noun.lemma_.lower() in self.generic_heads and complement is not None:
            return self._phrase(complement, area)
        kept = {noun.i}
        stack = [child for child in noun.children if _in_phrase(child) and child.dep_ != "case"]
        while stack:
            token = stack.pop()
            if area.start <= token.i < area.end:
                continue
            kept.add(token.i)
            stack.extend(child for child in token.children if _in_phrase(child))
        start = end = noun.i
        while start - 1 in kept:
            start -= 1
        while end + 1 in kept:
            end += 1
        doc = noun.doc
        for group in ("places", "institutions"):
            for entity in doc.spans.get(group, []):
                touches = entity.start <= end and start < entity.end
                if touches and (entity.end <= area.start or entity.start >= area.end):
                    start, end = min(start, entity.start), max(end, entity.end - 1)
        return doc[start : end + 1].text


def _counts_things(token: Token) -> bool:
    """Whether the word after a bare figure says what it counts: « 2.400 emplois », « 40 % »."""
    return token.pos_ in (*NOUNS, "SYM") or token.text == "%"


def _in_phrase(token: Token) -> bool:
    """Whether a dependent stays in its head's noun phrase: « le périmètre irrigué » keeps its
    bare participle, « le projet, développé sur 2.000 ha » loses the clause."""
    return token.dep_ in PHRASE_DEPS or (token.dep_ == "acl" and not list(token.children))


def _place(doc: Doc, span: Span) -> str | None:
    """The canonical name of the closest place of the area's sentence and paragraph."""
    sent = span.sent

    def distance(place: Span) -> int:
        return max(place.start - span.end, span.start - place.end, 0)

    def between(place: Span) -> str:
        return doc[min(place.end, span.end) : max(place.start, span.start)].text

    places = [
        place
        for place in doc.spans.get("places", [])
        if place.start < sent.end and sent.start < place.end
        and place._.norm is not None
        and "\n" not in between(place)
    ]
    if not places:
        return None
    return min(places, key=lambda place: (distance(place), place.start))._.norm.name


def _keep_widest(items: list[tuple[Span, Area]]) -> list[tuple[Span, Area]]:
    """Non-overlapping areas in text order, the longer span winning an overlap."""
    by_offsets = {(span.start, span.end): area for span, area in items}
    return [(span, by_offsets[span.start, span.end]) for span in filter_spans([span for span, _ in items])]
