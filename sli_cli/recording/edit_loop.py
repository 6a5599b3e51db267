"""Editing a document in the person's editor until it is valid, like
``git commit``: problems are shown at the top as comments, and an emptied
file cancels."""

from __future__ import annotations

from collections.abc import Callable

PROBLEMS_HEADER = "# sli: please fix these problems, or empty the file to cancel:"


def strip_problems(text: str) -> str:
    """The text without a problems block added by an earlier round."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\n") != PROBLEMS_HEADER:
        return text
    index = 1
    while index < len(lines) and lines[index].startswith("#   "):
        index += 1
    return "".join(lines[index:]).lstrip("\n")


def is_empty(text: str) -> bool:
    """Nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def with_problems(text: str, problems: list[str]) -> str:
    block = [PROBLEMS_HEADER] + [f"#   {line}" for p in problems for line in p.splitlines()]
    return "\n".join(block) + "\n\n" + strip_problems(text)


def edit_until_valid(text: str, edit: Callable[[str], str | None],
                     problems_of: Callable[[str], list[str]]) -> str | None:
    """Open ``text`` in the editor until ``problems_of`` finds none; return the
    valid text, or None when the person emptied the file, or closed it
    unchanged after being shown problems."""
    shown_problems = False
    while True:
        edited = edit(text)
        if edited is None or is_empty(strip_problems(edited)) \
                or (shown_problems and edited == text):
            return None
        edited = strip_problems(edited)
        problems = problems_of(edited)
        if not problems:
            return edited
        text = with_problems(edited, problems)
        shown_problems = True

