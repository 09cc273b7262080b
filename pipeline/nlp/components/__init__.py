"""Registered spaCy factories, one module per entity type."""
