"""Charsets: every byte string decodes, to the text its author wrote where the evidence allows."""

import codecs

import pytest

from pipeline.ingest.charset import decode
from pipeline.ingest.pages import read_source

SENTENCE = "Le barrage de Kénitra irriguera près de 3.000 hectares à l'été, a indiqué l'Office régional."


@pytest.mark.parametrize("charset", ["hex", "base64", "rot13", "undefined", "zlib", "uu", "idna", "nonsense-42"])
def test_a_charset_that_is_no_text_codec_is_ignored(charset: str) -> None:
    data = f'<html><head><meta charset="{charset}"></head><body><p>{SENTENCE}</p></body></html>'.encode()
    decoded = decode(data)
    assert SENTENCE in decoded.text
    assert not decoded.lossy


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SENTENCE.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + SENTENCE.encode("utf-32-be"),
        codecs.BOM_UTF8 + SENTENCE.encode("utf-8"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"],
)
def test_utf16_and_utf32_pages_with_a_byte_order_mark_are_read(data: bytes) -> None:
    (page,) = read_source("page.txt", data)
    assert page.content == SENTENCE
    assert not page.lossy_decoding


def test_mostly_utf8_is_read_as_utf8_with_a_warning_not_guessed() -> None:
    good = (SENTENCE + " Laâyoune, Fès, Meknès et Béni Mellal suivront.\n").encode("utf-8") * 4
    data = good + b"\xff\xfe\x81" + good + b"\xc3\x28\xa0"
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.lossy
    assert decoded.text.count("Kénitra") == 8 and decoded.text.count("\ufffd") == 5


def test_a_utf8_page_declared_latin1_is_read_as_utf8() -> None:
    data = f'<meta charset="iso-8859-1"><p>{SENTENCE}</p>'.encode("utf-8")
    assert SENTENCE in decode(data).text


def test_html_inside_a_jsonl_line_is_not_decoded_again() -> None:
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{SENTENCE}</p>'
    line = ('{"url": "https://lematin.ma/a", "html": "' + html.replace('"', '\\"') + '"}').encode("utf-8")
    (page,) = read_source("scrape.jsonl", line)
    assert SENTENCE in page.content and not page.lossy_decoding


def test_a_lone_surrogate_in_a_jsonl_line_is_replaced_and_reported() -> None:
    line = b'{"url": "https://x.ma/\\ud800", "text": "Titre\\nTexte \\udc9f de Rabat."}'
    (page,) = read_source("scrape.jsonl", line)
    assert page.url == "https://x.ma/\ufffd" and "Texte \ufffd de Rabat." in page.content
    assert page.lossy_decoding
