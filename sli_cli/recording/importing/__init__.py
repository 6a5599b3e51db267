"""Bringing an existing Excel or CSV tracker into a plan folder.

``workbook`` reads the file into plain cells (values and fill colours),
``mapping`` reads the mapping that says what each column means, ``tracker``
applies the mapping to the cells, ``build`` turns what was found into a plan
and meeting records, and ``guess`` proposes a mapping from the headers.
"""
