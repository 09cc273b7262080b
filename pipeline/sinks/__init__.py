"""Sinks: where records go (JSON Lines files, databases)."""
