"""What every kind of record shares: the schema version, strict reading of
ids, text and links, and the compact TOML each kind writes."""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.core.text import is_web_address, printable
from sli_cli.plan.model import id_problem
from sli_cli.plan.tomlsource import Fields, open_fields

RECORD_SCHEMA_VERSION = 1
LINK_PATTERN = re.compile(r"^https?://[^\s<>\"']+\Z", re.IGNORECASE)


def reduce_by_fields(cls: type) -> None:
    """Pickle by field values: several times faster to load than the default
    for slotted frozen dataclasses (the record cache holds many of them)."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__  # type: ignore[assignment, method-assign]


# -- writing ----------------------------------------------------------------
def drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    """The table without empty values: records stay short and readable."""
    return {k: v for k, v in table.items() if v not in ("", None, [], ())}


# -- reading ----------------------------------------------------------------
def open_record(data: bytes, where: str) -> tuple[Fields | None, list[Problem]]:
    """A record file's top table, or the problems that stop it being read; a
    schema version this sli does not read is a problem."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return None, [Problem(where, 1, "file is empty")]
    # A key missing from the top table is placed on the file's first line.
    f, problems = open_fields(data, where, top_line=1)
    if f is None:
        return None, problems
    version = f.integer("schema_version")
    if "schema_version" in f.table and version != RECORD_SCHEMA_VERSION:
        f.problem(f"schema_version {version!r} is not supported (this sli reads "
                  f"{RECORD_SCHEMA_VERSION})", "schema_version")
    return f, problems


def checked_id(f: Fields, key: str = "id") -> str:
    """A required id (``KO4``, ``A3F9K``), well formed."""
    value = f.string(key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def optional_id(f: Fields, key: str) -> str:
    """An id that may be left out; well formed when given."""
    value = text(f, key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def text(f: Fields, key: str) -> str:
    """Optional free text."""
    return f.string(key, required=False)


def link(f: Fields) -> str:
    """An optional web address."""
    value = text(f, "link")
    if value and not is_web_address(value):
        f.problem("'link' must be a well-formed web address starting http:// or https://, "
                  f"not '{printable(value)}'", "link")
    return value
