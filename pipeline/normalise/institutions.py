"""Institutions as record values: canonical names, acronyms and kinds.

Plain Python over the curated files of ``models/institutions/``: the acronym
table (``acronyms.tsv``) gives each known institution one canonical long name,
and the head-word table (``heads.tsv``) classifies any other name by the word
it starts with (``ministère`` → ministry, ``Office`` → public agency …).

>>> table = InstitutionTable.load()
>>> table.resolve("OFPPT", source="rules").name
'Office de la formation professionnelle et de la promotion du travail'
>>> table.resolve("ministère de l'Industrie et du Commerce", source="rules").kind
'ministry'
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, get_args

from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import single_spaces, straight_apostrophes, without_accents, without_case, without_hyphens

DATA_DIR = MODELS_DIR / "institutions"
# Columns of the acronym table (acronyms.tsv) and of the head-word table (heads.tsv).
ENTRY_COLUMNS = ("id", "acronym", "name", "kind", "aliases")
HEAD_COLUMNS = ("head", "kind", "capitalised", "requires")

Kind = Literal[
    "ministry", "public_agency", "company", "bank", "international",
    "university", "council", "media", "association", "other",
]
Source = Literal["model", "rules", "both"]
KINDS: frozenset[str] = frozenset(get_args(Kind))


class InstitutionDataError(ResourceError):
    """A curated institutions file is malformed; raised at load, never mid-batch."""


@dataclass(frozen=True)
class Institution:
    """The normalised value of an institution mention: its record fields, exactly.

    ``source`` says what found the mention: the statistical model's ORG
    entities, the project's rules and acronym table, or both.
    """

    name: Annotated[str, {"minLength": 1}]
    acronym: str | None
    kind: Kind
    # Records of schema version 1 admit any string here: records of earlier versions say "gazetteer".
    source: Annotated[Source, {"type": "string"}]


@dataclass(frozen=True)
class KnownInstitution:
    """One row of the curated acronym table."""

    id: str
    acronym: str | None
    name: str
    kind: Kind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Head:
    """A head word that opens an institutional name, and how a name may follow it.

    ``requires`` is ``complement`` when the head alone is a common noun
    (``le ministère``), ``name`` when a capitalised name must follow it
    (``Groupe OCP``, not ``groupe de travail``), ``nothing`` when the head alone
    is already a name.
    """

    words: str
    kind: Kind
    capitalised: bool
    requires: Literal["complement", "name", "nothing"]


def clean_name(text: str) -> str:
    """A name as written, with straight apostrophes and single spaces."""
    return single_spaces(straight_apostrophes(text))


def canonical_name(text: str) -> str:
    """The record name of a written long form: cleaned, first letter capitalised.

    >>> canonical_name("ministère de l’Industrie et du  Commerce")
    "Ministère de l'Industrie et du Commerce"
    """
    name = clean_name(text)
    return name[:1].upper() + name[1:]


def name_key(text: str) -> str:
    """The lookup key of a name: no case, accents, hyphens or apostrophe variants.

    >>> name_key("Bank Al-Maghrib") == name_key("bank al maghrib")
    True
    """
    # « l'Office » and « l' Office » are one name: an elision is a word of its own.
    return without_hyphens(without_accents(without_case(clean_name(text))).replace("'", "' "))


def _letters(text: str) -> str:
    """Lower-case letters and digits without accents; other characters become spaces."""
    return "".join(char if char.isalnum() else " " for char in without_accents(without_case(text)))


def long_form_start(acronym: str, words: list[str], *, initials_only: bool = False) -> int | None:
    """The index of the word where the long form of ``acronym`` begins in ``words``, or None.

    The long form is what precedes the brackets, so it ends with the last word.
    The acronym's letters are looked for, from right to left, first as the
    initials of words (others skipped: ``Rassemblement des républicains pour
    la démocratie et le progrès``), then, as Schwartz and Hearst (2003) do,
    anywhere in the words, the first letter at the start of one (``Moroccan
    Foundation for Advanced Science, Innovation and Research (MAScIR)``).

    >>> long_form_start("RHDP", "candidat du Rassemblement des houphouêtistes pour la démocratie et la paix".split())
    2
    >>> long_form_start("PDM", "une part de marché".split())
    1
    >>> long_form_start("DFSK", "par le groupe Auto Hall".split()) is None
    True

    ``initials_only`` keeps to the first way, for a word that may be no acronym at all (``Manul``).
    """
    short = [char for char in _letters(acronym) if char != " "]
    if len(short) < 2:
        return None
    folded = [_letters(word).strip() for word in words]
    start = _initials_start(short, folded)
    return start if start is not None or initials_only else _letters_start(short, folded)


def _initials_start(short: list[str], words: list[str]) -> int | None:
    """The acronym's letters as initials of words, right to left; the long form ends with a match.

    An elided article does not count: the initial of « l'électricité » is « e ».
    """
    initials = [word.split()[-1][:1] if word.split() else "" for word in words]
    index, position = len(short) - 1, len(words) - 1
    if not initials or initials[-1] != short[-1]:
        return None
    while index >= 0 and position >= 0:
        if initials[position] == short[index]:
            index -= 1
        position -= 1
    return position + 1 if index < 0 else None


def _letters_start(short: list[str], words: list[str]) -> int | None:
    """Schwartz and Hearst: the letters anywhere in the words, the first one at a word's start."""
    text, starts = "", []
    for word in words:
        starts.append(len(text) + 1 if text else 0)
        text = f"{text} {word}" if text else word
    position, index = len(text) - 1, len(short) - 1
    while index >= 0:
        char = short[index]
        while position >= 0 and (
            text[position] != char or (index == 0 and position > 0 and text[position - 1] != " ")
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
        index -= 1
    # The word holding the first letter: the last word starting at or before it.
    return max(index for index, start in enumerate(starts) if start <= position + 1)


def _kind(value: str, where: str) -> Kind:
    if value not in KINDS:
        raise InstitutionDataError(f"{where}: unknown kind {value!r}")
    return value  # type: ignore[return-value]


def load_entries(path: Path = DATA_DIR / "acronyms.tsv") -> tuple[KnownInstitution, ...]:
    """Read the acronym table; ids and lookup keys must be unique."""
    entries: list[KnownInstitution] = []
    ids: set[str] = set()
    for row in read_tsv(path, ENTRY_COLUMNS):
        where = f"{path.name}:{row.line}"
        if not row["id"] or not row["name"]:
            raise InstitutionDataError(f"{where}: id and name are required")
        if row["id"] in ids:
            raise InstitutionDataError(f"{where}: duplicate id {row['id']!r}")
        ids.add(row["id"])
        aliases = tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip())
        kind = _kind(row["kind"], where)
        entries.append(KnownInstitution(row["id"], row["acronym"] or None, row["name"], kind, aliases))
    return tuple(entries)


def load_heads(path: Path = DATA_DIR / "heads.tsv") -> tuple[Head, ...]:
    """Read the head-word table: head words, kind, capitalisation, what must follow."""
    heads: list[Head] = []
    for row in read_tsv(path, HEAD_COLUMNS):
        where = f"{path.name}:{row.line}"
        if row["capitalised"] not in {"yes", "no"} or row["requires"] not in {"complement", "name", "nothing"}:
            raise InstitutionDataError(f"{where}: capitalised is yes|no, requires is complement|name|nothing")
        heads.append(Head(clean_name(row["head"]), _kind(row["kind"], where), row["capitalised"] == "yes", row["requires"]))  # type: ignore[arg-type]
    return tuple(heads)


class InstitutionTable:
    """Known institutions by acronym and by name, and head words for the others."""

    def __init__(self, entries: Iterable[KnownInstitution], heads: Iterable[Head]) -> None:
        self.entries = tuple(entries)
        # Longest heads first, so that "organisation mondiale" wins over "organisation".
        self.heads = tuple(sorted(heads, key=lambda head: -len(head.words)))
        self._head_keys = tuple((name_key(head.words), head) for head in self.heads)
        self._by_acronym: dict[str, KnownInstitution] = {}
        self._by_key: dict[str, KnownInstitution] = {}
        for entry in self.entries:
            if entry.acronym:
                self._add(self._by_acronym, entry.acronym, entry)
            for written in (entry.name, *entry.aliases):
                self._add(self._by_key, name_key(written), entry)

    @staticmethod
    def _add(index: dict[str, KnownInstitution], key: str, entry: KnownInstitution) -> None:
        other = index.get(key)
        if other is not None and other.id != entry.id:
            raise InstitutionDataError(f"{key!r} names both {other.id!r} and {entry.id!r}")
        index[key] = entry

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> "InstitutionTable":
        return cls(load_entries(data_dir / "acronyms.tsv"), load_heads(data_dir / "heads.tsv"))

    def by_acronym(self, acronym: str) -> KnownInstitution | None:
        """The entry of an acronym written exactly so (``UE``, not ``ue``)."""
        return self._by_acronym.get(acronym)

    def lookup(self, text: str) -> KnownInstitution | None:
        """The entry whose acronym, name or alias is ``text``."""
        return self.by_acronym(clean_name(text)) or self._by_key.get(name_key(text))

    def head_of(self, name: str) -> Head | None:
        """The head word a name starts with, if any."""
        key = name_key(name)
        for words, head in self._head_keys:
            if key == words or key.startswith(words + " "):
                return head
        return None

    def kind_of(self, name: str) -> Kind:
        """The kind of a name that is not in the table, from its head word."""
        head = self.head_of(name)
        return head.kind if head else "other"

    def resolve(self, text: str, *, source: Source, acronym: str | None = None) -> Institution:
        """The record value of a mention: the table's entry if known, else the name as written.

        ``acronym`` is the acronym written in brackets next to a long form. A
        known acronym gives its table name to a variant of the long form, but
        not to one regional body of a generic kind: ``Centre régional
        d'investissement de l'Oriental (CRI)`` keeps its own name.
        """
        name = canonical_name(text)
        entry = self.lookup(text)
        if entry is None and acronym and (generic := self.by_acronym(acronym)) is not None:
            if name_key(name).startswith(name_key(generic.name) + " "):
                return Institution(name, acronym, generic.kind, source)
            entry = generic
        if entry is not None:
            return Institution(entry.name, entry.acronym, entry.kind, source)
        return Institution(name, acronym, self.kind_of(name), source)
