"""The spaCy stage: the French model plus the project's registered rule components."""

DEFAULT_BATCH_SIZE = 16
"""Articles spaCy analyses together by default."""
