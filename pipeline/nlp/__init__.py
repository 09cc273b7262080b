"""The spaCy stage: the French model plus the project's registered rule components."""
