"""Decode page bytes whatever their charset, never failing on undecodable bytes.

Order of evidence: a byte-order mark, the page's own declaration (``<meta charset>``
or the HTTP-style ``http-equiv`` form), strict UTF-8, statistical detection, and
last UTF-8 with replacement characters (reported, so the record can warn).
"""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARATION = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool


def decode(data: bytes) -> Decoded:
    """Decode ``data`` using the best evidence available."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding, False)
    declared = _declared_encoding(data[:_SNIFF_BYTES])
    for encoding in (declared, "latin-1") if declared == "cp1252" else (declared,):
        if encoding is None:
            break
        try:
            return Decoded(data.decode(encoding), encoding, False)
        except UnicodeDecodeError:
            continue
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return Decoded(str(best), best.encoding, False)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", True)


def _declared_encoding(head: bytes) -> str | None:
    match = _DECLARATION.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do: pages labelled Latin-1 or ASCII are read as windows-1252.
    return "cp1252" if encoding in ("latin-1", "iso8859-1", "ascii") else encoding
