"""Where the data files the pipeline reads live: one source of truth for every stage.

A built wheel carries ``models/`` inside the package as ``pipeline/_models`` (see
``setup.py``); a checkout, installed editable or not, reads ``models/`` at its top.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_PACKAGED = _PACKAGE / "_models"

MODELS_DIR = _PACKAGED if _PACKAGED.is_dir() else _PACKAGE.parent / "models"
