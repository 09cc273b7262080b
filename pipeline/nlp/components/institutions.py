"""The institutions component: named organisations, each with its canonical name.

The French model's ORG entities cut long institutional names short
(``ministère de l'Aménagement du territoire national`` without ``et de
l'Urbanisme``) and miss acronyms it has never seen (``IRESEN`` comes out as
MISC). So the component finds names from their head word (``ministère``,
``Office``, ``Agence`` …) and extends them over their complements with the
token patterns of ``models/institutions/patterns.jsonl``; it finds the
acronyms and names of the curated table; it links ``Long name (ACR)`` so that
every bare ``ACR`` of the article gets the long name; and it keeps the
model's other ORG entities unless they name a programme, an event or a site
(``Plan Maroc Vert``, ``Tanger Automotive City``).
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache, partial
from itertools import product
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.lexicon import Lexicon
from pipeline.nlp.patterns import read_patterns
from pipeline.normalise.institutions import DATA_DIR, Head, Institution, InstitutionTable, long_form_start, name_key
from pipeline.normalise.places import DATA_DIR as PLACES_DIR
from pipeline.normalise.places import Cues, Gazetteer, gazetteer_of
from pipeline.resources import ResourceError, read_words
from pipeline.text import apostrophe_spellings

LABEL = "INSTITUTION"
# What the steps of patterns.jsonl add to a name: a capitalised word, a modifier,
# a complement (``de l'Industrie``), a purpose (``pour l'efficacité énergétique``),
# a coordination (``et du Commerce``).
STEP_LABELS = {"name", "modifier", "complement", "purpose", "coordination"}
# Punctuation a model ORG may contain and still be a name (Al-Maghrib, L'Economiste, AT&T).
NAME_PUNCTUATION = {"-", "'", "’", "&", "."}
# An acronym as written in brackets: a capital, then letters or digits, two capitals at least.
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]{1,11}")
# An acronym said as a word, which the press writes in title case: Manul, Minurso, Unesco.
# Its long form must spell it by initials.
WORD_ACRONYM = re.compile(r"[A-Z][a-z]{2,9}")
# Tokens a long form never runs across on its way back from its acronym's brackets.
LONG_FORM_STOPS = {".", ";", ":", "!", "?", "(", ")", "«", "»", '"', "“", "”"}
# Punctuation before a word that opens a sentence or a line, where the model takes
# capitalised verbs and common nouns for organisations.
OPENING_PUNCTUATION = {".", "!", "?", ":", "«", '"', "“", "—", "–", "•", "…", "-"}
# The words of the longest seat an organ's name takes after « à » (« à New York »).
MAX_SEAT_WORDS = 3
# Where the extensions of a name starting at a position may end, by label.
Steps = Callable[[int], dict[str, int]]


@Language.factory(
    "news_institutions",
    assigns=["doc.spans", "span._.norm"],
    requires=["doc.ents"],
    default_config={"data_dir": None, "places_dir": None, "spans_key": "institutions"},
)
def make_institutions(
    nlp: Language, name: str, data_dir: str | None, places_dir: str | None, spans_key: str
) -> "InstitutionsComponent":
    """The institutions component, with every resource read from ``data_dir`` (default:
    models/institutions) and the places gazetteer, which tells places from names, from
    ``places_dir`` (default: models/places)."""
    places = Path(places_dir) if places_dir else PLACES_DIR
    return InstitutionsComponent(
        nlp,
        data_dir=Path(data_dir) if data_dir else DATA_DIR,
        gazetteer=gazetteer_of(places),
        cues=Cues.load(places / "cues.tsv"),
        lexicon=Lexicon.of(nlp),
        spans_key=spans_key,
    )


def is_acronym(text: str) -> bool:
    """``OFPPT``, ``UM6P``, ``KfW``: a short word with two capitals at least."""
    return bool(ACRONYM.fullmatch(text)) and sum(char.isupper() for char in text) >= 2


class InstitutionsComponent:
    """Find institution mentions and set ``doc.spans["institutions"]``."""

    reads: tuple[str, ...] = ()

    def __init__(
        self,
        nlp: Language,
        *,
        data_dir: Path = DATA_DIR,
        gazetteer: Gazetteer,
        cues: Cues | None = None,
        lexicon: Lexicon | None = None,
        spans_key: str = "institutions",
    ) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        self.table = InstitutionTable.load(data_dir)
        self.lexicon = lexicon or Lexicon(())
        self.not_institutions = frozenset(
            word.casefold() for word in read_words(data_dir / "not_institutions.txt")
        )
        self.person_titles = frozenset(word.casefold() for word in read_words(data_dir / "person_titles.txt"))
        self.company_nouns = frozenset(word.casefold() for word in read_words(data_dir / "company_nouns.txt"))
        # Nouns that announce a place (« la région MENA », the places component's cues) or a
        # product (« le modèle Fiorino »): the name after one is no institution.
        self.other_nouns = frozenset((cues or Cues.load()).before) | {
            word.casefold() for word in read_words(data_dir / "product_nouns.txt")
        }
        # Head words in one pass over the lower-case text, as a phrase matcher does (a token
        # matcher would test every head's word list on every token).
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.head_by_key: dict[int, Head] = {}
        for head in self.table.heads:
            name = f"HEAD {head.words}"
            self.heads.add(name, self._head_spellings(nlp, head))
            self.head_by_key[nlp.vocab.strings[name]] = head
        self.extensions = Matcher(nlp.vocab)
        self.step_label: dict[int, str] = {}
        self.longest_step = 1
        for entry in read_patterns(data_dir / "patterns.jsonl", STEP_LABELS):
            self.extensions.add(entry["id"], [entry["pattern"]])
            self.step_label[nlp.vocab.strings[entry["id"]]] = entry["label"]
            if any(token.get("OP") in ("*", "+") for token in entry["pattern"]):
                raise ResourceError(f"{data_dir / 'patterns.jsonl'}: step {entry['id']!r} repeats a token (*, +): "
                                    "a step has a longest length")
            self.longest_step = max(self.longest_step, len(entry["pattern"]))
        # Acronyms, single words and media titles are matched as written (``UE``,
        # ``Le Matin``), longer names whatever their capitals.
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact, folded = [], []
        for entry in self.table.entries:
            for written in {entry.acronym or "", entry.name, *entry.aliases} - {""}:
                for spelling in apostrophe_spellings(written):
                    doc = nlp.make_doc(spelling)
                    (exact if len(doc) == 1 or entry.kind == "media" else folded).append(doc)
                    # The tokenizer keeps the full stop on mixed words (``KfW.``, ``UM6P.``).
                    if len(doc) == 1 and len(stopped := nlp.make_doc(spelling + ".")) == 1:
                        exact.append(stopped)
        self.exact.add("KNOWN", exact)
        self.folded.add("KNOWN", folded)

    @staticmethod
    def _head_spellings(nlp: Language, head: Head) -> list[Doc]:
        """The head's words in lower case, each word with either apostrophe."""
        words = [sorted(apostrophe_spellings(token.lower_)) for token in nlp.make_doc(head.words)]
        return [Doc(nlp.vocab, words=list(spelling)) for spelling in product(*words)]

    def _find_heads(self, doc: Doc) -> list[tuple[int, int, Head]]:
        """Head words found in the text; a head written capitalised only where it must be."""
        found = []
        for key, start, end in self.heads(doc):
            head = self.head_by_key[key]
            if not head.capitalised or doc[start].is_title:
                found.append((start, end, head))
        return found

    def __call__(self, doc: Doc) -> Doc:
        known = self.exact(doc, as_spans=True) + self.folded(doc, as_spans=True)
        heads = self._find_heads(doc)
        # Positions where another institution begins: a complement never swallows it
        # (``le ministère de l'Industrie et de l'OFPPT`` is two institutions).
        starts = {span.start for span in known} | {start for start, _, _ in heads}
        long_forms, terms = self._long_forms(doc)
        model = [span for span in self._from_model(doc) if span.text not in terms]
        known = [span for span in known if not any(self._extends(other, span) for other in model)]
        # An international organisation may be the complement of a name: its organ (``Mission
        # d'appui des Nations unies en Libye``), as the table names them (``Commission de l'Union africaine``).
        parents = {span.start: span.end for span in known
                   if (entry := self.table.lookup(span.text)) and entry.kind == "international"}
        steps = cache(partial(self._steps_from, doc, starts, {}))
        organ_steps = cache(partial(self._steps_from, doc, starts, parents))
        candidates = [(span, "rules") for span in known + self._from_heads(doc, heads, known, steps, organ_steps) + long_forms]
        candidates += [(self._completed(span, steps), "model") for span in model]
        # A name never ends with a full stop: ``KfW.`` is the tokenizer's.
        values = {
            (span.start, span.end): self.table.resolve(span.text.removesuffix("."), source=source)
            for span, source in self._without_overlaps(candidates)
        }
        self._add_acronym_mentions(doc, values, self._link_acronyms(doc, values))
        model_tokens = {token.i for ent in doc.ents if ent.label_ == "ORG" for token in ent}
        spans = []
        for (start, end), value in sorted(values.items()):
            if value.source == "rules" and model_tokens.intersection(range(start, end)):
                value = replace(value, source="both")
            span = Span(doc, start, end, label=LABEL)
            span._.norm = value
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def _long_forms(self, doc: Doc) -> tuple[list[Span], set[str]]:
        """Names written out before their acronym in brackets, and acronyms of common terms.

        ``Ministère public de la Confédération (MPC)``: the letters of the
        acronym find where the name begins, past what the model or the head
        words saw. A long form of common words (``part de marché (PDM)``,
        ``Investissements directs étrangers (IDE)``) makes its acronym a term,
        never an institution, everywhere in the article.
        """
        names, terms = [], set()
        for bracket in _written(doc, ("(",)):
            index = bracket.i + 1
            if index < 2 or not self._bracketed(doc, index):
                continue
            acronym, window = doc[index].text, self._window(doc, index - 1)
            start = long_form_start(acronym, [token.text for token in window], initials_only=not is_acronym(acronym))
            if start is None:
                continue
            long_form = window[start:]
            if self._names_an_institution(long_form):
                names.append(long_form)
            elif not self.table.by_acronym(acronym):
                terms.add(acronym)
        return names, terms

    @staticmethod
    def _window(doc: Doc, end: int) -> Span:
        """The words before ``doc[end]`` a long form may take: within the clause, no verb."""
        start = end
        while start > 0:
            token = doc[start - 1]
            if token.text in LONG_FORM_STOPS or token.is_space or token.pos_ in {"VERB", "AUX"}:
                break
            start -= 1
        return doc[start:end]

    def _names_an_institution(self, name: Span) -> bool:
        """A long form that opens with a head word, or a capitalised name not all of common words.

        ``commission électorale indépendante (CEI)`` is an institution whatever
        its capitals; a programme, a place or a person's title is not, unless a
        company noun introduces it (``la société Nador West Med (NWM)``).
        """
        first = name[0]
        if first.lower_ in self.person_titles or any(token.lower_ in self.not_institutions for token in name):
            return False
        if self._after_company_noun(name):
            return True
        if self._is_place(name.text):
            return False
        if self.table.head_of(name.text) is not None:
            return True
        return (first.is_title or first.is_upper) and not self._common_words(name)

    def _common_words(self, name: Span) -> bool:
        """Whether every word of ``name`` is a common French word or a function word.

        An acronym is never one (``IRES`` is no plural of « ire »).
        """
        return all(
            token.pos_ in {"ADP", "DET", "CCONJ"} or (not is_acronym(token.text) and token.text in self.lexicon)
            for token in name
            if token.is_alpha
        )

    def _abbreviates(self, acronym: str, name: Span) -> bool:
        """Whether ``acronym`` can stand for ``name``: its letters, or the table, say so."""
        entry = self.table.by_acronym(acronym)
        if entry is not None and entry is self.table.lookup(name.text):
            return True
        return long_form_start(acronym, [token.text for token in name], initials_only=not is_acronym(acronym)) is not None

    def _is_place(self, text: str) -> bool:
        """Whether ``text`` names a place of the gazetteer's main tables (a small town's name is no proof)."""
        found = self.gazetteer.lookup(text)
        return found is not None and not found.minor

    def _extends(self, model: Span, known: Span) -> bool:
        """A model name that goes on past a known acronym it opens with capitalised words: ``OCP Africa``."""
        return (
            len(known) == 1
            and model.start == known.start
            and model.end > known.end
            and all(token.is_title or token.is_upper for token in model[1:])
        )

    def _steps_from(self, doc: Doc, starts: set[int], parents: dict[int, int], start: int) -> dict[str, int]:
        """Where each extension of a name starting at ``start`` may end, by label.

        A step never swallows the start of another institution (but a complement
        may take the whole of an international organisation of ``parents``, by
        start and end), never takes a
        lone place after a comma (``l'Union européenne, de la Turquie`` is a
        list), and coordinates a capitalised word only after another one
        (``Imams Morchidines et Morchidates``). The patterns run only where a
        name asks how it may go on, over the longest step's length.
        """
        ends: dict[str, int] = {}
        for key, offset, end in self.extensions(doc[start : start + self.longest_step]):
            if offset != 0:
                continue
            end += start
            label = self.step_label[key]
            entered = [parents[inner] for inner in range(start + 1, end) if inner in parents] if label == "complement" else []
            if starts.difference(parents if entered else ()).intersection(range(start + 1, end)):
                continue
            if entered:
                end = self._with_seat(doc, max([end, *entered]))
            first, last = doc[start], doc[end - 1]
            if label == "coordination" and first.text == "," and self._is_place(last.text):
                continue
            if label == "coordination" and end - start == 2 and last.is_title and not (start > 0 and doc[start - 1].is_title):
                continue
            ends[label] = max(ends.get(label, start), end)
        return ends

    def _with_seat(self, doc: Doc, end: int) -> int:
        """The end of an international organisation's organ, with its seat: ``Office des Nations
        unies à Genève``, ``Bureau de l'UNESCO à Rabat`` (« à » and a place of the gazetteer)."""
        if end + 1 < len(doc) and doc[end].lower_ == "à":
            for size in range(MAX_SEAT_WORDS, 0, -1):
                seat = doc[end + 1:end + 1 + size]
                if (len(seat) == size and seat[0].is_title and seat[-1].is_alpha
                        and self.gazetteer.knows(seat.text) and self._is_place(seat.text)):
                    return seat.end
        return end

    def _from_heads(self, doc: Doc, heads: list[tuple[int, int, Head]], known: list[Span], steps: Steps,
                    organ_steps: Steps) -> list[Span]:
        """Names opened by a head word, and known names, extended over their complements.

        ``Office régional de mise en valeur agricole`` is in the table;
        ``… du Gharb`` after it is part of the name. Known names take
        complements only, never a following word or adjective. A name the table
        does not know may take an international organisation as its complement
        (``organ_steps``): ``Mission d'appui des Nations unies en Libye``.
        """
        known_starts = {span.start for span in known}
        spans = []
        for start, head_end, head in heads:
            follower = doc[head_end] if head_end < len(doc) else None
            if head.requires == "name" and not (follower and (follower.is_title or follower.is_upper)):
                continue
            if follower is not None and follower.text == "-" and not doc[head_end - 1].whitespace_:
                continue  # a compound word, not a head: « Centre-Ouest »
            end = self._extend(steps if start in known_starts else organ_steps, head_end, STEP_LABELS)
            if end > head_end or head.requires == "nothing":
                spans.append(doc[start:end])
        for span in known:
            end = self._extend(steps, span.end, {"complement", "coordination"})
            if end > span.end and len(span) > 1:
                spans.append(doc[span.start : end])
        return spans

    def _completed(self, span: Span, steps: Steps) -> Span:
        """A model name cut after a common noun, with its modifiers and complements.

        ``Groupe d'amitié`` goes on: ``… parlementaire entre la Pologne et le
        Maroc``. A name ending with a proper noun is whole (``Renault``, not
        ``Renault de Tanger``).
        """
        if not (span[-1].pos_ == "NOUN" and span[-1].is_lower):
            return span
        end = self._extend(steps, span.end, {"modifier", "complement", "coordination"})
        return span.doc[span.start : end]

    @staticmethod
    def _extend(steps: Steps, end: int, allowed: set[str]) -> int:
        """The end of a name after taking, step by step, the longest allowed extension.

        A name does not go on with a coordination right after its head
        (``Université et de la recherche``), nor with a purpose (``pour …``)
        after another complement (``Université Ibn Tofail de Kénitra pour le
        suivi scientifique``).
        """
        first, complemented = True, False
        while True:
            usable = {
                label: stop
                for label, stop in steps(end).items()
                if label in allowed
                and not (first and label == "coordination")
                and not (complemented and label == "purpose")
            }
            if not usable:
                return end
            label = max(usable, key=lambda name: usable[name])
            end = usable[label]
            first = False
            complemented = complemented or label in {"complement", "coordination", "purpose"}

    def _from_model(self, doc: Doc) -> list[Span]:
        """The model's ORG entities that look like a name, not a programme, event, site, place or person.

        Places are those of the places gazetteer (``Tata``, ``Tanger Med``). A
        lone capitalised word counts only if the article also writes it after
        another word: at the start of a line or a sentence the model takes verbs
        and common nouns (``Rappelons``, ``Compte``) for organisations. A name
        of common words with no head word is a concept, not an organisation
        (``Investissements directs étrangers``, ``Troisième République``),
        unless a company noun introduces it: ``le groupe <Auto Hall>``,
        ``l'entreprise <Sevenpm>`` (whatever the model's label, ORG or MISC). A
        MISC name coordinated with an organisation is one too.
        """
        elsewhere = {ent.text for ent in doc.ents if ent.label_ in {"LOC", "PER"}}
        mid_sentence = {token.text for token in doc[1:] if not self._opens(token)}
        spans, others = [], []
        for ent in doc.ents:
            if ent.label_ not in {"ORG", "MISC"}:
                continue
            words = [token for token in ent if not token.is_space]
            if not words or words[-1].i - words[0].i + 1 != len(words):
                continue
            name = doc[words[0].i : words[-1].i + 1]
            introduced = self._after_company_noun(name)
            if not self._is_name(name, place_allowed=introduced):
                continue
            if introduced or (
                ent.label_ == "ORG"
                and not (len(name) == 1 and not name[0].is_upper and name.text not in mid_sentence)
                and name.text not in elsewhere
                and not (self.table.head_of(name.text) is None and self._common_words(name))
            ):
                spans.append(name)
            elif ent.label_ == "MISC":
                others.append(name)
        # A name listed with organisations is one: ``Google, Apple, <Facebook> et Amazon``.
        taken = {token.i for span in spans for token in span}
        spans += [name for name in others if any(other.i in taken for other in name.root.conjuncts)]
        return spans

    def _is_name(self, name: Span, *, place_allowed: bool = False) -> bool:
        """Written as a name, and none of a place, a bare head, a programme, a title or a unit.

        A word after a number is its unit (``1.500 DH``); a name after a place
        or product noun is the place's or the product's, and so are the names
        listed with it (``la région MENA``, ``les modèles Fiorino et Doblo``). A place's name is one only
        when a company noun introduces it (``la société Nador West Med``).
        """
        doc = name.doc
        return (
            (name[0].is_title or name[0].is_upper)
            and (place_allowed or not self._is_place(name.text))
            and name[-1].pos_ not in {"ADP", "DET", "CCONJ"}
            and not self._bare_head(name.text)
            and not any(token.is_punct and token.text not in NAME_PUNCTUATION for token in name)
            and not any(token.lower_ in self.not_institutions for token in name)
            and not self._in_person_title(name)
            and not (name.start > 0 and doc[name.start - 1].like_num)
            and not any(word.i > 0 and doc[word.i - 1].lower_ in self.other_nouns for word in (name[0], *name.root.conjuncts))
        )

    def _after_company_noun(self, name: Span) -> bool:
        """Whether a company noun comes just before the name, adjectives aside: ``le groupe sud-africain``."""
        index = name.start - 1
        doc = name.doc
        while index >= 0 and doc[index].pos_ == "ADJ" and doc[index].is_lower:
            index -= 1
        return index >= 0 and doc[index].lower_ in self.company_nouns

    @staticmethod
    def _opens(token: Token) -> bool:
        """Whether a word opens a sentence or a line, by the punctuation before it.

        The parser's sentence starts are no guide on real pages, where it splits
        lists of names (``des asiatiques Kia et DFSK``).
        """
        before = token.nbor(-1)
        return before.is_space or before.text in OPENING_PUNCTUATION

    def _in_person_title(self, name: Span) -> bool:
        """A person's title, or the ministry named in one: ``le ministre du <Travail> Mohamed Amekraz``.

        A ministry in a minister's title is the minister's, not a mention of the
        ministry; the model often runs it into the minister's first name.
        """
        if name[0].lower_ in self.person_titles:
            return True
        index = name.start - 1
        doc = name.doc
        while index >= 0 and doc[index].lower_ in {"de", "du", "des", "d'", "d’", "la", "l'", "l’", "le", "les"}:
            index -= 1
        return index >= 0 and index < name.start - 1 and doc[index].lower_ in self.person_titles

    def _bare_head(self, text: str) -> bool:
        """Whether ``text`` is a head word alone that needs more to be a name (``Conseil``)."""
        head = self.table.head_of(text)
        return head is not None and head.requires != "nothing" and name_key(head.words) == name_key(text)

    @staticmethod
    def _without_overlaps(candidates: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """Rules before the model, then the longest span, then the first."""
        chosen: list[tuple[Span, str]] = []
        taken: set[int] = set()
        for span, source in sorted(candidates, key=lambda item: (item[1] == "model", -len(item[0]), item[0].start)):
            if not taken.intersection(range(span.start, span.end)):
                chosen.append((span, source))
                taken.update(range(span.start, span.end))
        return chosen

    def _link_acronyms(self, doc: Doc, values: dict[tuple[int, int], Institution]) -> dict[str, Institution]:
        """``Long name (ACR)`` and ``ACR (Long name)``: the acronym takes the long name.

        Returns the article's acronyms with their values; the long forms'
        values are updated in place.
        """
        links: dict[str, Institution] = {}
        for (start, end), value in list(values.items()):
            if end - start < 2:
                continue
            if self._bracketed(doc, end + 1):
                acronym = doc[end + 1].text
            elif start >= 2 and doc[start - 1].text == "(" and end < len(doc) and doc[end].text == ")" and is_acronym(doc[start - 2].text):
                acronym = doc[start - 2].text
            else:
                continue
            if not self._abbreviates(acronym, doc[start:end]):
                continue
            linked = self.table.resolve(doc[start:end].text, source=value.source, acronym=acronym)
            if linked.acronym is None:
                linked = replace(linked, acronym=acronym)
            values[(start, end)] = linked
            links[acronym] = linked
        return links

    @staticmethod
    def _bracketed(doc: Doc, index: int) -> bool:
        """Whether ``doc[index]`` is an acronym alone between brackets, in capitals or, as the
        press writes those said as a word, in title case (``Manul``, ``Minurso``)."""
        return (
            0 < index < len(doc) - 1
            and doc[index - 1].text == "("
            and doc[index + 1].text == ")"
            and (is_acronym(doc[index].text) or bool(WORD_ACRONYM.fullmatch(doc[index].text)))
        )

    @staticmethod
    def _add_acronym_mentions(doc: Doc, values: dict[tuple[int, int], Institution], links: dict[str, Institution]) -> None:
        """Every mention of an acronym the article defined takes its long name.

        The acronym wins over a model span around it (``OFAG jeudi``), not over
        a longer name found by the rules.
        """
        for token in _written(doc, links):
            link = links[token.text]
            around = next(((start, end) for start, end in values if start <= token.i < end), None)
            if around is not None and around != (token.i, token.i + 1) and values[around].source != "model":
                continue
            found = values.pop(around) if around else None
            source = "both" if found and found.source != link.source else link.source
            values[(token.i, token.i + 1)] = replace(link, source=source)


def _written(doc: Doc, words: Iterable[str]) -> Iterator[Token]:
    """The tokens written as one of ``words``, found on the token array (no Token made for the others)."""
    hashes = [doc.vocab.strings[word] for word in words]
    if hashes:
        for index in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), hashes)):
            yield doc[int(index)]
