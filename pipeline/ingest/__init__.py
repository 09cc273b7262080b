"""Ingest: command-line inputs -> raw pages (decoded text, format, hash), or rejections."""

from pipeline.ingest.pages import DEFAULT_MAX_BYTES, RawPage, count_pages, read_inputs, read_source
from pipeline.ingest.paths import expand_inputs

__all__ = ["DEFAULT_MAX_BYTES", "RawPage", "count_pages", "expand_inputs", "read_inputs", "read_source"]
