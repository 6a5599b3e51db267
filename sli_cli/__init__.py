"""sli: a progress tracker for regional Sector-Led Improvement action plans."""

__version__ = "0.1.0"
