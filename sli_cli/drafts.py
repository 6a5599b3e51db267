"""Drafts: answers kept in ``.sli/drafts/`` when a recording did not finish
(a mistake, Ctrl-C, a "no" at the confirmation), so nothing typed is lost.
``sli meeting record --resume`` continues from one."""

from __future__ import annotations

import contextlib
from pathlib import Path

from sli_cli.errors import SliError, UsageError, display_path
from sli_cli.meeting_input import Answers, answers_from_toml, answers_to_toml
from sli_cli.model import id_problem
from sli_cli.store import STATE, replace_file

DRAFTS = "drafts"
HEADER = ("# A meeting being recorded, kept by sli so that nothing typed is lost.\n"
          "# Continue with: sli meeting record --resume")


def drafts_folder(folder: Path) -> Path:
    return folder / STATE / DRAFTS


def draft_path(folder: Path, priority: str) -> Path:
    name = priority if priority and id_problem(priority) is None else "meeting"
    return drafts_folder(folder) / f"{name}.toml"


def save_draft(folder: Path, answers: Answers) -> Path:
    """Keep ``answers`` (replacing an older draft of the same priority)."""
    path = draft_path(folder, answers.priority)
    replace_file(path, answers_to_toml(answers, header=HEADER).encode("utf-8"))
    return path


def list_drafts(folder: Path) -> list[Path]:
    base = drafts_folder(folder)
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*.toml") if not p.name.startswith("."))


def find_draft(folder: Path, priority: str | None) -> Path:
    """The draft ``--resume`` continues: the priority's, or the only one."""
    if priority:
        path = draft_path(folder, priority)
        if not path.is_file():
            raise UsageError(f"there is no draft for {priority} to resume"
                             f"{_others(folder)}")
        return path
    found = list_drafts(folder)
    if not found:
        raise UsageError("there is no draft to resume")
    if len(found) > 1:
        raise UsageError("there are drafts for " + ", ".join(p.stem for p in found)
                         + "; choose one with --resume --priority ID")
    return found[0]


def _others(folder: Path) -> str:
    found = list_drafts(folder)
    return f" (drafts: {', '.join(p.stem for p in found)})" if found else ""


def load_draft(path: Path) -> Answers:
    answers, problems = answers_from_toml(path.read_bytes(), display_path(path))
    if answers is None:
        raise SliError("the draft cannot be read; fix it or record again:\n"
                       + "\n".join(p.format() for p in problems))
    return answers


def remove_draft(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
