"""Reading every record of a plan folder: list the files, parse each (through
the cache when it may be used), and assemble the ``Records`` model."""

from __future__ import annotations

from pathlib import Path

from sli_cli.core.errors import Problem, display_path
from sli_cli.records.collection import Records, assemble, join_display
from sli_cli.records.store import folder_problems, list_record_files, parse_record_file


def read_records(folder: Path, *, use_cache: bool = True) -> tuple[Records, list[Problem]]:
    """Every record in the folder, and every problem reading them.

    Parsed records are cached (see ``sli_cli.records.cache``); a file whose size, times
    or inode changed is always read again.
    """
    prefix = display_path(folder)
    files = list_record_files(folder)
    linked = folder_problems(folder)
    if use_cache:
        from sli_cli.records.cache import parse_files

        parsed = parse_files(folder, prefix, files, parse_record_file)
    else:
        parsed = [(kind, rel, *parse_record_file(folder, kind, rel, join_display(prefix, rel)))
                  for kind, rel in files]
    records, problems = assemble(prefix, parsed)
    return records, linked + problems

