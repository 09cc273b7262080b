"""The dates component: every calendar reference of the article, normalised.

Token patterns (models/dates/patterns.jsonl) find the candidate expressions, around
the words dates are built on; context rules decide which are dates: a bare year must
not end a name (« Vision 2030 », « le Programme … 2020-2027 ») nor count something
(« 2030 logements »), numbers in a row must not be a score, a fraction or part of a
longer number, a month name alone needs a trigger (« en juin »), « aujourd'hui »
needs a past or future verb (« constituent aujourd'hui » means nowadays). Each kept
span gets ``span._.norm = DateValue(...)`` resolved against ``doc._.published``;
where the words leave the direction open (« mardi », « le 5 mars »), the trigger
(« depuis ») or else the verb's tense decides. Then the text around counts: « le
lendemain » from the date last spoken of, and without a publication date a day
takes the year the text gives. Tokens inside ``doc.spans["areas"]`` are left alone: the component reads the areas' group
(and the places' and institutions', whose spans a date never shares).
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.patterns import read_patterns
from pipeline.normalise.date_words import fold, is_number_word
from pipeline.normalise.dates import DateValue, Lexicon, Tense, lexicon, normalise_date
from pipeline.normalise.numbers import NotANumber, parse_decimal
from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_jsonl, read_tsv
from pipeline.text import every_apostrophe_spelling, straight_apostrophes

DATA_DIR = MODELS_DIR / "dates"
LABELS = frozenset({"DATE", "YEAR", "MONTH", "WEEKDAY", "DAY_WORD", "TODAY", "NUMERIC", "ANCHORED"})
_YEAR = re.compile(r"(19|20)\d\d")
_YEAR_END = re.compile(r"\d{2}(\d{2})?(?!\d)")
_SPACE = {"IS_SPACE": True, "OP": "?"}
# The words a date is built on; every pattern holds one, with at most _BEFORE_HEAD tokens before
# it (« il y a à peu près un mois ») and _AFTER_HEAD after the last (« trois jours plus tard »).
_HEAD_KINDS = ("month", "month_abbr", "weekday", "weekday_abbr", "day_word", "today", "anchored_day",
               "period", "season", "quarter", "semester", "decade", "part")
_BEFORE_HEAD, _AFTER_HEAD = 8, 4


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

    reads = ("areas", "places", "institutions")

    def __init__(self, nlp: Language, *, data_dir: Path = DATA_DIR, spans_key: str = "dates") -> None:
        self.spans_key = spans_key
        self.lexicon = lexicon(data_dir / "lexicon.tsv")
        self.matcher = Matcher(nlp.vocab)
        # The same patterns with a no-break or thin space (which the tokenizer keeps as a token)
        # allowed between any two words; slower, so only for the documents that have one.
        self.spaced_matcher = Matcher(nlp.vocab)
        self.labels: dict[str, str] = {}
        # Each class's word lists expanded once (``@number+`` holds tens of thousands of compounds).
        classes = {
            entry["id"]: {attribute: _expand(value, self.lexicon) for attribute, value in entry["token"].items()}
            for entry in read_jsonl(data_dir / "token_classes.jsonl", required=("id", "token"))
        }
        for entry in read_patterns(data_dir / "patterns.jsonl", LABELS):
            self.labels[entry["id"]] = entry["label"]
            tokens = [_token(element, classes) for element in entry["pattern"]]
            self.matcher.add(entry["id"], [tokens])
            self.spaced_matcher.add(entry["id"], [[item for token in tokens for item in (_SPACE, token)][1:]])
        self.blocked = _blocking(data_dir / "blocking.tsv")
        self.trigger, self.trigger_tenses = _triggers(data_dir / "triggers.tsv")
        words = self.lexicon
        self.connectors = frozenset({*words["range_to"], "-", "–", "jusqu'"})
        self.openers = frozenset(words["range_from"])
        # A year in words is built on « mille » (« deux mille dix-huit »): the THOUSAND class's word.
        thousand = classes["THOUSAND"]["LOWER"]
        self.heads = frozenset(variant for kind in _HEAD_KINDS for form in words[kind] for variant in _variants(form)) \
            | set(thousand["IN"] if isinstance(thousand, dict) else [thousand])

    def __call__(self, doc: Doc) -> Doc:
        taken = {token.i for span in doc.spans.get("areas", []) for token in span}
        # A span with the offsets of another entity would share its ``_.norm``: the other keeps it.
        claimed = {(span.start, span.end) for group in ("places", "institutions") for span in doc.spans.get(group, [])}
        inline_space = any(token.is_space and "\n" not in token.text for token in doc)
        matcher = self.spaced_matcher if inline_space else self.matcher
        found: dict[tuple[int, int], DateValue] = {}
        for window in self._windows(doc):
            for match_id, start, end in matcher(window):
                start, end = window.start + start, window.start + end
                if doc[end - 1].is_punct or taken.intersection(range(start, end)) or (start, end) in found \
                        or (start, end) in claimed:
                    continue
                span = doc[start:end]
                if self._is_date(span, self.labels[doc.vocab.strings[match_id]]):
                    norm = normalise_date(span.text, doc._.published, tense=self._tense(span), words=self.lexicon)
                    if norm is not None:
                        found[start, end] = norm
        found.update(self._ranges(doc, found))
        spans = filter_spans([Span(doc, start, end, label="DATE") for start, end in found])
        for span, norm in zip(spans, self._in_context(spans, found)):
            span._.norm = norm
        doc.spans[self.spans_key] = sorted(spans)
        return doc

    def _windows(self, doc: Doc) -> list[Span]:
        """The stretches of text around the words a date is built on (a number, a month, « hier »...),
        and over the rest of a number in words they end in: the patterns run there only, which
        spares most of an article."""
        windows: list[list[int]] = []
        for token in doc:
            if token.lower_ in self.heads or not token.is_alpha and (
                    token.lower_.startswith("mi-") or any(char.isdigit() for char in token.text)):
                start, end = max(0, token.i - _BEFORE_HEAD), min(len(doc), token.i + _AFTER_HEAD + 1)
                while end < len(doc) and self._is_number_word(doc[end]):
                    end += 1
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = end
                else:
                    windows.append([start, end])
        return [doc[start:end] for start, end in windows]

    def _is_number_word(self, token: Token) -> bool:
        return is_number_word(token.lower_, self.lexicon)

    def _cuts_a_number(self, span: Span) -> bool:
        """Whether a number in words goes on past either end of the span: « mille neuf cent |
        septante-deux » (the tokenizer splits the hyphen off words it does not know), « vingt | et
        un », « deux | mille vingt »."""
        doc = span.doc
        return (span.end < len(doc) and self._continues(span[-1], doc[span.end:span.end + 2])
                or span.start > 0 and self._continues(doc[span.start - 1], doc[span.start:span.start + 1])
                or span.start > 1 and self._continues(doc[span.start - 2], doc[span.start - 1:span.start + 1]))

    def _continues(self, word: Token, following: Span) -> bool:
        """Whether the number word ``word`` goes on into the tokens after it: another number word,
        a tight hyphen then one, or « et » then one that makes a number with it (« vingt et un »)."""
        if not self._is_number_word(word) or not following:
            return False
        joiner = following[0]
        if len(following) > 1 and joiner.text == "-" and not word.whitespace_ and not joiner.whitespace_:
            return self._is_number_word(following[1])
        if len(following) > 1 and joiner.lower_ == "et":
            try:
                parse_decimal(f"{word.lower_} et {following[1].lower_}")
            except NotANumber:
                return False
            return True
        return self._is_number_word(joiner)

    def _ranges(self, doc: Doc, found: dict[tuple[int, int], DateValue]) -> dict[tuple[int, int], DateValue]:
        """Two dates joined by « au », « jusqu'à », « - » or « et » (« du 12 janvier 2016 au 22/01/2016 »),
        and a date followed by its year in words (« du 2 au 7 février deux mille dix-huit »)."""
        by_start: dict[int, list[int]] = {}
        for start, end in found:
            by_start.setdefault(start, []).append(end)
        joined: dict[tuple[int, int], DateValue] = {}
        for (start, end), first in list(found.items()):
            following = end
            while following < len(doc) and following - end < 2 and _lower(doc[following]) in self.connectors:
                following += 1
            if following > end and start > 0 and _lower(doc[start - 1]) in self.openers:
                start -= 1
            for last in by_start.get(following, ()):
                second = found[following, last]
                if following == end and not (second.granularity == "year" and second.value_end is None
                                             and first.granularity != "year" and first.relative):
                    continue
                norm = normalise_date(doc[start:last].text, doc._.published, tense=self._tense(doc[start:last]),
                                      words=self.lexicon)
                if norm is not None and (norm.value_end is not None or following == end):
                    joined[start, last] = norm
        return joined

    def _in_context(self, spans: list[Span], found: dict[tuple[int, int], DateValue]) -> list[DateValue]:
        """The values once the text around is known.

        « le lendemain » counts from the date last spoken of. Without a publication date,
        « le 22 février » takes the year the text gives that same day elsewhere, else the
        year of the last date it wrote out in full (the first one, before any), and only
        dates written out serve as anchors.
        """
        values = [found[span.start, span.end] for span in spans]
        if not spans:
            return values
        published = spans[0].doc._.published
        explicit = [value for value in values if value.value and not value.relative]
        year = int(explicit[0].value[:4]) if explicit and published is None else None
        known_days = {value.value[5:]: int(value.value[:4]) for value in explicit if value.granularity == "day"}
        anchor = None
        for index, (span, value) in enumerate(zip(spans, values)):
            if value.relative:
                # its month and day, read in a leap year so that « 29 février » reads too
                told = normalise_date(span.text, None, year=2000, words=self.lexicon) if published is None else None
                same_day = known_days.get(told.value[5:]) if told and told.value else None
                values[index] = normalise_date(span.text, published, tense=self._tense(span), anchor=anchor,
                                               year=same_day or year, words=self.lexicon) or value
            current = values[index]
            if current.value is not None and current.value_end is None and (published or not current.relative):
                anchor = current
            if current.value is not None and not current.relative and published is None:
                year = int(current.value[:4])
        return values

    def _is_date(self, span: Span, label: str) -> bool:
        """Whether the words around a candidate let it be a date (see the module docstring)."""
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if before is not None and _lower(before) in self.blocked.get((label, "before"), ()):
            return False
        if after is not None and _lower(after) in self.blocked.get((label, "after"), ()):
            return False
        if self._cuts_a_number(span):
            return False  # « mille neuf cent septante | -deux »: a number is read whole or not at all
        if _YEAR.fullmatch(span[-1].text) and after is not None and after.text in ("-", "/", "–") \
                and span.end + 1 < len(doc) and _YEAR_END.match(doc[span.end + 1].text):
            return False  # the first half of « printemps 2019-2020 », read whole by another pattern
        if label == "NUMERIC":  # numbers in a row: the words that make a year something else apply
            named = before is not None and not before.is_punct and _lower(before) in self.blocked.get(("YEAR", "before"), ())
            counted = after is not None and _lower(after) in self.blocked.get(("YEAR", "after"), ())
            if _YEAR.fullmatch(span[0].text) and not self._is_date(span, "YEAR"):
                return False  # « le Plan Maroc Vert 2008-2020 »
            return not (named or counted or _counts_something(span) or _among_numbers(span))
        if label == "YEAR":
            if _counts_something(span):
                return False
            if self._ends_a_name(span):
                return False
            named = before is not None and span[0].like_num and _is_name_word(before)
            early = len(span) == 1 and span[0].text.isdigit() and int(span[0].text) < 1900
            return self._trigger(span) is not None or not (named or early)
        if label == "MONTH":
            return self._trigger(span) is not None
        if label == "TODAY":
            return verb_tense(span) is not None
        return True

    def _trigger(self, span: Span) -> str | None:
        """The trigger the text right before the span ends with (« d'ici », « En », « depuis le »), if any."""
        preceding = span.doc[max(0, span.start - 8):span.start].text[-40:]  # not doc.text: rebuilt per call
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
    """A number of things, not a year: « 2030 logements », « 1980 lits », « entre 2000 et 3000 emplois »,
    « les modèles 208 et 2008 »."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if span.start > 1 and doc[span.start - 1].pos_ == "CCONJ" and doc[span.start - 2].like_num \
            and not _YEAR.fullmatch(doc[span.start - 2].text):
        return True
    if after is None:
        return False
    if after.pos_ == "NOUN" and after.is_lower:
        return "Plur" in after.morph.get("Number") or any(token.head == after for token in span)
    following = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return (after.pos_ in ("CCONJ", "ADP") and following is not None and following.text.isdigit()
            and not _YEAR.fullmatch(following.text))


def _among_numbers(span: Span) -> bool:
    """A number next to the span makes it part of something else: « 05 22 45 67 89 », « 12/03 15 000 »."""
    doc = span.doc
    return any(0 <= i < len(doc) and doc[i].like_num and not doc[i].is_alpha for i in (span.start - 1, span.end))


def _is_name_word(token: Token) -> bool:
    """A capitalised word, as in a name ending in a year: « Vision 2030 », « CAN 2025 », « Maroc Vert 2008-2020 »."""
    return token.is_alpha and (token.is_title or token.is_upper)


def _lower(token: Token) -> str:
    """The token in lower case with a straight apostrophe, as the word lists write it."""
    return straight_apostrophes(token.lower_)


def _token(element: str | dict[str, Any], classes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One Matcher token: a class name (``"YEAR"``; ``"WEEKDAY?"``, ``"NUMBER_WORD*"`` with a
    Matcher operator) or a literal spec.

    The classes come with their lexicon kinds expanded (``_expand``).
    """
    if isinstance(element, dict):
        return element
    name, operator = element.rstrip("?*+"), element[len(element.rstrip("?*+")):]
    if name not in classes:
        raise ValueError(f"unknown token class {name!r} in the date patterns")
    return {**classes[name], "OP": operator} if operator else classes[name]


def _variants(form: str) -> set[str]:
    """A form as a page may write it: with and without accents, with any apostrophe."""
    return every_apostrophe_spelling(form) | every_apostrophe_spelling(fold(form))


def _expand(value: Any, lex: Lexicon) -> Any:
    """Replace ``{"IN": ["@month"]}`` and ``@month`` in a ``REGEX`` by the month forms of the lexicon."""
    if not isinstance(value, dict):
        return value
    if "REGEX" in value:
        return {**value, "REGEX": re.sub(r"@(\w+)", lambda kind: "|".join(
            re.escape(variant) for form in lex[kind[1]] for variant in sorted(_variants(form))), value["REGEX"])}
    if "IN" not in value:
        return value
    forms: set[str] = set()
    for item in value["IN"]:
        if item.startswith("@") and item.endswith("+"):
            forms |= _compounds(tuple(sorted(lex[item[1:-1]])))
        else:
            forms |= {variant for form in (lex[item[1:]] if item.startswith("@") else [item]) for variant in _variants(form)}
    return {**value, "IN": sorted(forms)}


@lru_cache(maxsize=None)
def _compounds(words: tuple[str, ...], size: int = 3) -> frozenset[str]:
    """``@number+``: the words and their hyphenated compounds of up to three (« vingt-cinq »,
    « quatre-vingt-neuf »), as one token each, in every spelling; a set lookup costs less than
    a regex per token. Worked out once for all the classes that name them."""
    found, last = list(words), list(words)
    for _ in range(size - 1):
        last = [f"{head}-{word}" for head in last for word in words]
        found.extend(last)
    return frozenset(variant for form in found for variant in _variants(form))


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
