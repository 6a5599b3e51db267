"""Quarters, dates, today, errors and safe text: what every layer uses."""
