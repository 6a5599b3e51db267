"""Renderers: they build tables and documents; the command-line layer prints them."""
