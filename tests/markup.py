"""One inline markup for every span test, as edsnlp writes its examples.

``<ent>…</ent>`` marks an expected span; attributes, in single or double quotes, give its
expected values: ``"le <ent value='2021-09-04'>04/09/2021</ent>"``.

>>> text, (span,) = parse_example("Il arrive à <ent name='Laâyoune'>Laayoune</ent> demain.")
>>> text
'Il arrive à Laayoune demain.'
>>> (span.start, span.end, span.text, span.attrs)
(12, 20, 'Laayoune', {'name': 'Laâyoune'})
"""

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"<ent(?P<attrs>(?:\s+\w+=(?:'[^']*'|\"[^\"]*\"))*)\s*>(?P<text>.*?)</ent>", re.DOTALL)
_ATTR = re.compile(r"(\w+)=(?:'([^']*)'|\"([^\"]*)\")")


@dataclass(frozen=True)
class Marked:
    """An expected span: its character offsets in the plain text, its text and its attributes."""

    start: int
    end: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict)


def parse_example(example: str) -> tuple[str, list[Marked]]:
    """The plain text of a marked example and its marked spans, in text order."""
    text, spans, cursor = "", [], 0
    for match in _TAG.finditer(example):
        text += example[cursor : match.start()]
        attrs = {name: single or double for name, single, double in _ATTR.findall(match["attrs"])}
        spans.append(Marked(len(text), len(text) + len(match["text"]), match["text"], attrs))
        text += match["text"]
        cursor = match.end()
    text += example[cursor:]
    if "<ent" in text or "</ent>" in text:
        raise ValueError(f"unbalanced or malformed <ent> markup in {example!r}")
    return text, spans
