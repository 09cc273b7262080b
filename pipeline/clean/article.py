"""The clean stage's output: an article body and its metadata."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """A cleaned article: ``text`` is the body every later offset refers to."""

    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    site: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = "fr"
    warnings: tuple[str, ...] = field(default=())
