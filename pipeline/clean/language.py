"""Is a body French? A function-word share, enough to flag pages in other languages."""

import re
from functools import lru_cache

from pipeline.paths import MODELS_DIR
from pipeline.resources import read_words

_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+", re.IGNORECASE)
FRENCH_MIN_SHARE = 0.30  # French bodies measure 0.35-0.47, Spanish 0.23-0.27


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return read_words(MODELS_DIR / "cleaning" / "french-function-words.txt")


def looks_french(text: str) -> bool:
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return False
    share = sum(word in function_words() for word in words) / len(words)
    return share >= FRENCH_MIN_SHARE
