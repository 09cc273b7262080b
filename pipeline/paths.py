"""Where the data files the pipeline reads live: one source of truth for every stage."""

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
