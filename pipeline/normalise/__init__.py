"""Normalisation in plain Python: numbers, hectares, dates, places, institutions."""
