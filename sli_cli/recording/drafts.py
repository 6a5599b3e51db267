"""Drafts: answers kept in ``.sli/drafts/`` when a recording did not finish
(a mistake, Ctrl-C, a "no" at the confirmation), so nothing typed is lost.
``sli meeting record --resume`` continues from one."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sli_cli.core.errors import InputError, SliError, display_path
from sli_cli.plan.model import id_problem
from sli_cli.recording.answers import Answers
from sli_cli.recording.form import answers_from_toml, answers_to_toml
from sli_cli.records.files import symlinks_on_the_way
from sli_cli.records.store import STATE, locked, replace_file

DRAFTS = "drafts"
HEADER = ("# A meeting being recorded, kept by sli so that nothing typed is lost.\n"
          "# Continue with: sli meeting record --resume")


class DraftNotFound(InputError):
    """No draft of that name; ``known`` lists those there are."""

    def __init__(self, name: str, known: list[str]) -> None:
        listed = f"; the drafts are {', '.join(known)}" if known else "; there are no drafts"
        super().__init__("draft", name, f"no draft {name!r}{listed}")
        self.known = known


def drafts_folder(folder: Path) -> Path:
    return folder / STATE / DRAFTS


def draft_path(folder: Path, priority: str) -> Path:
    name = priority if priority and id_problem(priority) is None else "meeting"
    return drafts_folder(folder) / f"{name}.toml"


def save_draft(folder: Path, answers: Answers, replacing: Path | None = None) -> Path:
    """Keep ``answers`` in a draft file and return its path.

    ``replacing`` is the draft these answers continue (a resumed draft, or one
    already saved in this run): it is brought up to date. Any other draft is
    never replaced: a new attempt for the same priority gets a file of its own
    (``P1.toml``, ``P1.2.toml``, ...), so earlier answers are not lost.
    """
    data = answers_to_toml(answers, header=HEADER).encode("utf-8")
    if replacing is not None:
        replace_file(replacing, data, within=folder)
        return replacing
    # Choosing a new name and writing it is done under the plan's lock, so
    # that two recordings failing at once never take the same name.
    with locked(folder):
        path = draft_path(folder, answers.priority)
        for existing in drafts_of(folder, path.name.split(".")[0]):
            with contextlib.suppress(OSError):
                if existing.read_bytes() == data:
                    return existing  # the same answers again (a script re-run): one draft
        number = 1
        while path.exists():
            number += 1
            path = path.with_name(f"{path.name.split('.')[0]}.{number}.toml")
        replace_file(path, data, within=folder)
    return path


def drafts_of(folder: Path, priority: str) -> list[Path]:
    """The drafts kept for a priority, oldest first."""
    return sorted((p for p in list_drafts(folder) if p.name.split(".")[0] == priority),
                  key=lambda p: (p.stat().st_mtime_ns, p.name))


def list_drafts(folder: Path) -> list[Path]:
    base = drafts_folder(folder)
    if symlinks_on_the_way(folder, (STATE, DRAFTS)) or not base.is_dir():
        return []  # drafts are never read through a link out of the plan folder
    return sorted(p for p in base.glob("*.toml") if not p.name.startswith("."))


def find_draft(folder: Path, priority: str | None) -> Path:
    """The draft a resumed recording continues: the priority's, or the only one."""
    if priority:
        if why := id_problem(priority):
            raise InputError("priority", priority, why)
        found = drafts_of(folder, priority)
        if not found:
            raise InputError("draft", priority, f"there is no draft for {priority} to resume"
                             f"{_others(folder)}")
        return found[-1]  # the newest; older ones stay until resumed or deleted
    found = list_drafts(folder)
    if not found:
        raise InputError("draft", "", "there is no draft to resume")
    priorities = sorted({p.name.split(".")[0] for p in found})
    if len(priorities) > 1:
        raise InputError("priority", "", "there are drafts for " + ", ".join(priorities),
                         defaulted=True)
    return drafts_of(folder, priorities[0])[-1]


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


@dataclass(frozen=True)
class DraftSummary:
    """A draft as listed: its name (``P1``, ``P1.2``) and what it holds."""

    name: str
    path: Path
    saved: datetime
    answers: Answers | None  # None: the draft cannot be read
    problem: str = ""


def draft_name(path: Path) -> str:
    return path.name.removesuffix(".toml")


def summarise_drafts(folder: Path) -> list[DraftSummary]:
    """Every draft kept in the plan folder, oldest first."""
    found = []
    for path in list_drafts(folder):
        try:
            saved = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
            answers, problems = answers_from_toml(path.read_bytes(), display_path(path))
        except OSError as exc:
            found.append(DraftSummary(draft_name(path), path, datetime.min.replace(tzinfo=UTC),
                                      None, exc.strerror or str(exc)))
            continue
        found.append(DraftSummary(draft_name(path), path, saved, answers,
                                  problems[0].format() if problems else ""))
    return sorted(found, key=lambda d: (d.saved, d.name))


def discard_drafts(folder: Path, names: list[str]) -> list[Path]:
    """Delete the drafts called ``names`` (as listed, any case); every name is
    checked before any draft is deleted."""
    drafts = {draft_name(p).casefold(): p for p in list_drafts(folder)}
    paths = []
    for name in names:
        path = drafts.get(name.strip().removesuffix(".toml").casefold())
        if path is None:
            raise DraftNotFound(name, sorted(draft_name(p) for p in drafts.values()))
        paths.append(path)
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass  # discarded at the same moment by someone else: gone all the same
        except OSError as exc:
            raise SliError(f"cannot delete {display_path(path)}: {exc.strerror or exc}") from None
    return paths
