"""Text keys: how every stage compares words whatever their case, accents, apostrophes or spacing.

Each function drops one thing and is named for it; a stage composes the ones it needs, so
what it ignores is read off its key. Apostrophes and spaces are replaced character for
character (single_spaces aside), so offsets taken on a key with straight apostrophes hold
on the text.

>>> without_case(single_spaces("  Laâyoune\u00a0 Nord "))
'laâyoune nord'
>>> without_accents(straight_apostrophes("Technopole d’Oujda"))
"Technopole d'Oujda"
>>> without_separators(without_case(without_accents("Ben Guérir"))) == without_case("Benguerir")
True
"""

import re
import unicodedata

# Characters the press writes for an apostrophe: curly, modifier letters, Armenian and saltillo
# apostrophes, the fullwidth one, primes, acute accent, backtick.
APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u055a\ua78c\uff07\u2032\u2035\u02b9\u00b4`"
_STRAIGHT = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
# Any run of spaces: Python's \s includes the no-break (U+00A0), narrow no-break (U+202F)
# and thin (U+2009) spaces the press uses as thousands separators.
_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"[\s\-]+")
# What str.isalnum refuses: \W is every character but the alphanumeric ones and « _ ».
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def without_case(text: str) -> str:
    """Case dropped (``casefold``, so « Straße » meets « STRASSE »)."""
    return text.casefold()


def without_accents(text: str) -> str:
    """Accents and other combining marks dropped, after compatibility decomposition: « Fès » → « Fes »."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # no mark to drop: most names, once decomposed
        return decomposed
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def without_ligatures(text: str) -> str:
    """« œ » and « æ » written as two letters, as many sites type them: « œuvre » → « oeuvre »."""
    return text.translate(_LIGATURES)


def straight_apostrophes(text: str) -> str:
    """Apostrophe variants dropped for the straight one, character for character."""
    return text.translate(_STRAIGHT)


def apostrophe_spellings(text: str) -> set[str]:
    """The text with straight and with curly apostrophes, as the press writes both (for matchers)."""
    straight = straight_apostrophes(text)
    return {text, straight, straight.replace("'", "\u2019")}


def every_apostrophe_spelling(text: str) -> set[str]:
    """The text with each apostrophe a page may carry, for matchers of short word lists (dates)."""
    straight = straight_apostrophes(text)
    if "'" not in straight:
        return {straight}
    return {straight.replace("'", apostrophe) for apostrophe in "'" + APOSTROPHES}


def single_spaces(text: str) -> str:
    """Runs of spaces of any kind dropped for one plain space, ends stripped."""
    return _SPACES.sub(" ", text).strip()


def without_hyphens(text: str) -> str:
    """Hyphens dropped for a space, runs of spaces for one: « Al-Maghrib » → « Al Maghrib »."""
    return _HYPHENS.sub(" ", text).strip()


def without_separators(text: str) -> str:
    """Everything but letters and digits dropped: spaces, hyphens, apostrophes, stops."""
    return _NOT_ALPHANUMERIC.sub("", text)
