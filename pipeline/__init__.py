"""Scraped French-language news pages in, clean validated JSON records out."""

__version__ = "0.1.0"
