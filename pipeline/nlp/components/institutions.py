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
from dataclasses import replace
from itertools import product
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.nlp.patterns import read_patterns
from pipeline.normalise.institutions import DATA_DIR, Head, Institution, InstitutionTable, name_key
from pipeline.normalise.places import DATA_DIR as PLACES_DIR
from pipeline.normalise.places import Gazetteer, gazetteer_of
from pipeline.resources import read_words
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
    return InstitutionsComponent(
        nlp,
        data_dir=Path(data_dir) if data_dir else DATA_DIR,
        gazetteer=gazetteer_of(Path(places_dir) if places_dir else PLACES_DIR),
        spans_key=spans_key,
    )


def is_acronym(text: str) -> bool:
    """``OFPPT``, ``UM6P``, ``KfW``: a short word with two capitals at least."""
    return bool(ACRONYM.fullmatch(text)) and sum(char.isupper() for char in text) >= 2


class InstitutionsComponent:
    """Find institution mentions and set ``doc.spans["institutions"]``."""

    reads: tuple[str, ...] = ()

    def __init__(
        self, nlp: Language, *, data_dir: Path = DATA_DIR, gazetteer: Gazetteer, spans_key: str = "institutions"
    ) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        self.table = InstitutionTable.load(data_dir)
        self.not_institutions = frozenset(
            word.casefold() for word in read_words(data_dir / "not_institutions.txt")
        )
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
        for entry in read_patterns(data_dir / "patterns.jsonl", STEP_LABELS):
            self.extensions.add(entry["id"], [entry["pattern"]])
            self.step_label[nlp.vocab.strings[entry["id"]]] = entry["label"]
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
        candidates = [(span, "rules") for span in known + self._from_heads(doc, heads, known, starts)]
        candidates += [(span, "model") for span in self._from_model(doc)]
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

    def _from_heads(self, doc: Doc, heads: list[tuple[int, int, Head]], known: list[Span], starts: set[int]) -> list[Span]:
        """Names opened by a head word, and known names, extended over their complements.

        ``Office régional de mise en valeur agricole`` is in the table;
        ``… du Gharb`` after it is part of the name. Known names take
        complements only, never a following word or adjective.
        """
        steps: dict[int, dict[str, int]] = {}
        for key, start, end in self.extensions(doc):
            if not starts.intersection(range(start + 1, end)):
                label = self.step_label[key]
                ends = steps.setdefault(start, {})
                ends[label] = max(ends.get(label, start), end)
        spans = []
        for start, head_end, head in heads:
            follower = doc[head_end] if head_end < len(doc) else None
            if head.requires == "name" and not (follower and (follower.is_title or follower.is_upper)):
                continue
            end = self._extend(steps, head_end, STEP_LABELS)
            if end > head_end or head.requires == "nothing":
                spans.append(doc[start:end])
        for span in known:
            end = self._extend(steps, span.end, {"complement", "coordination"})
            if end > span.end and len(span) > 1:
                spans.append(doc[span.start : end])
        return spans

    @staticmethod
    def _extend(steps: dict[int, dict[str, int]], end: int, allowed: set[str]) -> int:
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
                for label, stop in steps.get(end, {}).items()
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
        and common nouns (``Rappelons``, ``Compte``) for organisations.
        """
        elsewhere = {ent.text for ent in doc.ents if ent.label_ in {"LOC", "PER"}}
        mid_sentence = {
            token.text
            for token in doc[1:]
            if not (token.is_sent_start or token.nbor(-1).is_space or token.nbor(-1).is_punct)
        }
        spans = []
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            words = [token for token in ent if not token.is_space]
            if not words or words[-1].i - words[0].i + 1 != len(words):
                continue
            name = doc[words[0].i : words[-1].i + 1]
            if (
                (name[0].is_title or name[0].is_upper)
                and not (len(name) == 1 and not name[0].is_upper and name.text not in mid_sentence)
                and name.text not in elsewhere
                and not self.gazetteer.knows(name.text)
                and name[-1].pos_ not in {"ADP", "DET", "CCONJ"}
                and not self._bare_head(name.text)
                and not any(token.is_punct and token.text not in NAME_PUNCTUATION for token in name)
                and not any(token.lower_ in self.not_institutions for token in name)
            ):
                spans.append(name)
        return spans

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
            linked = self.table.resolve(doc[start:end].text, source=value.source, acronym=acronym)
            if linked.acronym is None:
                linked = replace(linked, acronym=acronym)
            values[(start, end)] = linked
            links[acronym] = linked
        return links

    @staticmethod
    def _bracketed(doc: Doc, index: int) -> bool:
        """Whether ``doc[index]`` is an acronym alone between brackets."""
        return (
            0 < index < len(doc) - 1
            and doc[index - 1].text == "("
            and doc[index + 1].text == ")"
            and is_acronym(doc[index].text)
        )

    @staticmethod
    def _add_acronym_mentions(doc: Doc, values: dict[tuple[int, int], Institution], links: dict[str, Institution]) -> None:
        """Every mention of an acronym the article defined takes its long name.

        The acronym wins over a model span around it (``OFAG jeudi``), not over
        a longer name found by the rules.
        """
        for token in doc:
            link = links.get(token.text)
            if link is None:
                continue
            around = next(((start, end) for start, end in values if start <= token.i < end), None)
            if around is not None and around != (token.i, token.i + 1) and values[around].source != "model":
                continue
            found = values.pop(around) if around else None
            source = "both" if found and found.source != link.source else link.source
            values[(token.i, token.i + 1)] = replace(link, source=source)
