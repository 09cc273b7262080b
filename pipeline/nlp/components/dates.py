"""The dates component: every calendar reference of the article, normalised.

Token patterns (models/dates/patterns.jsonl) find the candidate expressions;
context rules decide which are dates: a bare year must not end a name
(« Vision 2030 », « le Programme … 2020-2027 ») nor count something
(« 2030 logements »), a month name alone needs a trigger (« en juin »),
« aujourd'hui » needs a past or future verb (« constituent aujourd'hui » means
nowadays). Each kept span gets ``span._.norm = DateValue(...)`` resolved against
``doc._.published``; where the words leave the direction open (« mardi »,
« le 5 mars »), the trigger (« depuis ») or else the verb's tense decides.
Tokens inside ``doc.spans["areas"]`` are left alone: the component reads the areas' group.
"""

import re
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.patterns import read_patterns
from pipeline.normalise.dates import DateValue, Lexicon, Tense, lexicon, normalise_date
from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_jsonl, read_tsv
from pipeline.text import apostrophe_spellings, straight_apostrophes

DATA_DIR = MODELS_DIR / "dates"
LABELS = frozenset({"DATE", "YEAR", "MONTH", "WEEKDAY", "DAY_WORD", "TODAY"})
_YEAR = re.compile(r"(19|20)\d\d")


@Language.factory(
    "news_dates",
    assigns=["doc.spans", "span._.norm"],
    requires=["doc.spans"],
    default_config={"data_dir": None, "spans_key": "dates"},
)
def make_dates(nlp: Language, name: str, data_dir: str | None, spans_key: str) -> "DatesComponent":
    """The dates component, with every resource read from ``data_dir`` (default: models/dates)."""
    return DatesComponent(nlp, data_dir=Path(data_dir) if data_dir else DATA_DIR, spans_key=spans_key)


class DatesComponent:
    """Find date expressions by token patterns and context rules, then normalise them."""

    reads = ("areas",)

    def __init__(self, nlp: Language, *, data_dir: Path = DATA_DIR, spans_key: str = "dates") -> None:
        self.spans_key = spans_key
        self.lexicon = lexicon(data_dir / "lexicon.tsv")
        self.matcher = Matcher(nlp.vocab)
        self.labels: dict[str, str] = {}
        classes = {
            entry["id"]: entry["token"]
            for entry in read_jsonl(data_dir / "token_classes.jsonl", required=("id", "token"))
        }
        for entry in read_patterns(data_dir / "patterns.jsonl", LABELS):
            self.labels[entry["id"]] = entry["label"]
            self.matcher.add(entry["id"], [[_token(element, classes, self.lexicon) for element in entry["pattern"]]])
        self.blocked = _blocking(data_dir / "blocking.tsv")
        self.trigger, self.trigger_tenses = _triggers(data_dir / "triggers.tsv")

    def __call__(self, doc: Doc) -> Doc:
        taken = {token.i for span in doc.spans.get("areas", []) for token in span}
        found: dict[tuple[int, int], DateValue] = {}
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if taken.intersection(range(start, end)) or (start, end) in found:
                continue
            if not self._is_date(span, self.labels[doc.vocab.strings[match_id]]):
                continue
            norm = normalise_date(span.text, doc._.published, tense=self._tense(span), words=self.lexicon)
            if norm is not None:
                found[start, end] = norm
        spans = filter_spans([Span(doc, start, end, label="DATE") for start, end in found])
        for span in spans:
            span._.norm = found[span.start, span.end]
        doc.spans[self.spans_key] = sorted(spans)
        return doc

    def _is_date(self, span: Span, label: str) -> bool:
        """Whether the words around a candidate let it be a date (see the module docstring)."""
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if before is not None and _lower(before) in self.blocked.get((label, "before"), ()):
            return False
        if after is not None and _lower(after) in self.blocked.get((label, "after"), ()):
            return False
        if label == "YEAR":
            if _counts_something(span):
                return False
            if self._ends_a_name(span):
                return False
            named = before is not None and span[0].like_num and _is_name_word(before)
            return self._trigger(span) is not None or not named
        if label == "MONTH":
            return self._trigger(span) is not None
        if label == "TODAY":
            return verb_tense(span) is not None
        return True

    def _trigger(self, span: Span) -> str | None:
        """The trigger the text right before the span ends with (« d'ici », « En », « depuis le »), if any."""
        preceding = span.doc.text[max(0, span.start_char - 40):span.start_char]
        found = self.trigger.search(straight_apostrophes(preceding.lower()))
        return None if found is None else found["phrase"]

    def _tense(self, span: Span) -> Tense | None:
        """Which way the context points: the trigger's own tense (« depuis » is past), else the verb's."""
        trigger = self._trigger(span)
        return self.trigger_tenses.get(trigger or "") or verb_tense(span)

    def _ends_a_name(self, span: Span) -> bool:
        """Whether a capitalised name head (« Programme », « Plan ») governs the year within its noun phrase."""
        heads = self.blocked.get(("YEAR", "name"), frozenset())
        token = span.root
        while token.head != token and token.head.pos_ not in ("VERB", "AUX"):
            token = token.head
            if token.is_title and _lower(token) in heads:
                return True
        return False


def verb_tense(span: Span) -> Tense | None:
    """The tense of the verb a span depends on.

    Past: « a été lancée mardi », « s'est réuni mardi », « avait annoncé ».
    Future: « se tiendra mardi », « sera inauguré mardi ». None for the present
    and for a participle used alone or as a present passive (« est prévue le 5
    mars » is ahead, not behind).
    """
    verb = span.root.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = [child for child in verb.children if child.dep_.startswith("aux")]
    tenses = {tense for token in (verb, *auxiliaries) for tense in token.morph.get("Tense")}
    if "Fut" in tenses:
        return "future"
    compound = any(auxiliary.dep_ == "aux:tense" for auxiliary in auxiliaries)
    simple_past = "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm")
    if "Imp" in tenses or compound or simple_past:
        return "past"
    return None


def _counts_something(span: Span) -> bool:
    """A number of things, not a year: « 2030 logements », « 1980 lits », « entre 2000 et 3000 emplois »."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is None:
        return False
    if after.pos_ == "NOUN" and after.is_lower:
        return "Plur" in after.morph.get("Number") or any(token.head == after for token in span)
    following = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return (after.pos_ in ("CCONJ", "ADP") and following is not None and following.like_num
            and not _YEAR.fullmatch(following.text))


def _is_name_word(token: Token) -> bool:
    """A capitalised word, as in a name ending in a year: « Vision 2030 », « CAN 2025 », « Maroc Vert 2008-2020 »."""
    return token.is_alpha and (token.is_title or token.is_upper)


def _lower(token: Token) -> str:
    """The token in lower case with a straight apostrophe, as the word lists write it."""
    return straight_apostrophes(token.lower_)


def _token(element: str | dict[str, Any], classes: dict[str, dict[str, Any]], lex: Lexicon) -> dict[str, Any]:
    """One Matcher token: a class name (``"YEAR"``, ``"WEEKDAY?"`` when optional) or a literal spec.

    Lists in a class may name a lexicon kind (``"@month"``); every form with an
    apostrophe is also accepted with the typographic one.
    """
    if isinstance(element, dict):
        return element
    name, optional = element.rstrip("?"), element.endswith("?")
    if name not in classes:
        raise ValueError(f"unknown token class {name!r} in the date patterns")
    spec = {attribute: _expand(value, lex) for attribute, value in classes[name].items()}
    return {**spec, "OP": "?"} if optional else spec


def _expand(value: Any, lex: Lexicon) -> Any:
    """Replace ``{"IN": ["@month"]}`` by the month forms of the lexicon, with both apostrophes."""
    if not isinstance(value, dict) or "IN" not in value:
        return value
    forms: list[str] = []
    for item in value["IN"]:
        forms.extend(lex[item[1:]] if item.startswith("@") else [item])
    return {**value, "IN": sorted({variant for form in forms for variant in apostrophe_spellings(form)})}


def _blocking(path: Path) -> dict[tuple[str, str], frozenset[str]]:
    """The blocking words by (label, side); side « name » lists the heads of names ending in a year."""
    blocked: dict[tuple[str, str], set[str]] = {}
    for row in read_tsv(path, ("label", "side", "form")):
        if row["label"] not in LABELS or row["side"] not in ("before", "after", "name"):
            raise ResourceError(f"{path}:{row.line}: expected « label, before|after|name, form »: {row}")
        blocked.setdefault((row["label"], row["side"]), set()).add(row["form"])
    return {key: frozenset(forms) for key, forms in blocked.items()}


def _triggers(path: Path) -> tuple[re.Pattern[str], dict[str, Tense]]:
    """One expression finding a trigger phrase at the end of a text, and the tense of each phrase."""
    tenses: dict[str, Tense] = {}
    phrases = []
    for row in read_tsv(path, ("phrase", "tense")):
        if row["tense"] not in ("past", "future", "-"):
            raise ResourceError(f"{path}:{row.line}: expected « phrase, past|future|- »: {row}")
        phrases.append(row["phrase"])
        if row["tense"] != "-":
            tenses[row["phrase"]] = row["tense"]  # type: ignore[assignment]  (checked just above)
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<phrase>{alternatives})\s*(?:le\s+)?$"), tenses
