"""Decode page bytes whatever their charset, never failing on undecodable bytes.

Order of evidence: a byte-order mark, the page's own declaration (``<meta charset>``
or the HTTP-style ``http-equiv`` form), strict UTF-8, mostly-UTF-8 (a few bad bytes
in a UTF-8 page are replaced, not a reason to guess another charset), statistical
detection, and last UTF-8 with replacement characters. Lossy decodings are reported,
so the record can warn.
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
# Single-byte charsets a page may declare while its bytes are in fact UTF-8 (a template
# copied from an older site): valid multi-byte UTF-8 sequences are then the stronger evidence.
_SINGLE_BYTE = re.compile(r"cp125\d|latin|iso8859|mac|koi8|ascii")
# A multi-byte UTF-8 sequence: what a page in another charset almost never holds by chance.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if any."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, *, declared: bool = True) -> Decoded:
    """Decode ``data`` using the best evidence available.

    ``declared=False`` ignores ``<meta charset>`` declarations: for bytes that are not
    a page of their own, such as a JSON Lines line whose HTML names its original charset.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
        return Decoded(text.removeprefix("\ufeff"), encoding, "\ufffd" in text)
    named = _declared_encoding(data[:_SNIFF_BYTES]) if declared else None
    if named is not None and not (_SINGLE_BYTE.match(named) and _is_utf8(data)):
        for encoding in (named, "latin-1") if named == "cp1252" else (named,):
            try:
                return Decoded(data.decode(encoding), encoding, False)
            except (UnicodeError, LookupError):  # bytes the charset cannot read, or a codec that refuses bytes
                continue
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", True)
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return Decoded(str(best), best.encoding, False)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", True)


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 with at least one multi-byte character (pure ASCII proves nothing)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _UTF8_SEQUENCE.search(data) is not None


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than undecodable bytes: a UTF-8 page with a few bad bytes."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return valid > invalid


def _declared_encoding(head: bytes) -> str | None:
    match = _DECLARATION.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # hex, base64, rot13, zlib: byte or str transforms
        return None
    # As browsers do: pages labelled Latin-1 or ASCII are read as windows-1252.
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name
