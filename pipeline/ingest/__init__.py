"""Ingest: command-line inputs -> raw pages (decoded text, format, hash), or rejections."""

from pipeline.ingest.pages import DEFAULT_MAX_BYTES, RawPage, read_inputs
from pipeline.ingest.paths import expand_inputs

__all__ = ["DEFAULT_MAX_BYTES", "RawPage", "expand_inputs", "read_inputs"]
