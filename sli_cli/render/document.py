"""A small document model shared by the snapshot and the annual report, so
one Markdown renderer and one HTML renderer serve both.

Every ``str`` in a document is user text or plain prose and is escaped by
the renderer; structure (headings, emphasis, ratings, links) is carried by
the types, never by markup inside strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sli_cli.plan.model import Rating, Trend


@dataclass(frozen=True)
class Rag:
    """A rating label: coloured in HTML, always with its word. None: not rated."""

    rating: Rating | None
    short: bool = False  # the letter only (a heat map), its word given as a tooltip


@dataclass(frozen=True)
class Travel:
    """Direction of travel: an arrow with its word."""

    trend: Trend | None


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Link:
    url: str  # already checked to be http(s) or mailto when recorded
    label: str = ""  # shown instead of the address when given

    @property
    def shown(self) -> str:
        """What a reader sees: the label, else the address (without ``mailto:``)."""
        return self.label or self.url.removeprefix("mailto:")


@dataclass(frozen=True)
class Small:
    """A reference code (an objective's or an action's id) shown as a small,
    quiet label beside the name a reader knows it by."""

    text: str


Inline = str | Rag | Travel | Strong | Link | Small
Line = tuple[Inline, ...]


@dataclass(frozen=True)
class Para:
    parts: Line


@dataclass(frozen=True)
class Text:
    """A label followed by multi-paragraph user text, e.g. ``Risks:`` and a narrative."""

    label: str
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]
    narrow: tuple[int, ...] = ()  # columns to keep on one line
    room: bool = False  # rows tall enough to write in by hand (a printed form)


@dataclass(frozen=True)
class Sub:
    """A sub-heading within a section (a priority, an objective, a project)."""

    title: Line
    blocks: tuple[Block, ...] = ()


Block = Para | Text | Bullets | Table | Sub


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    empty: str = ""  # said instead of the blocks when there are none
    tail: tuple[Block, ...] = ()  # said after the blocks or the empty note


@dataclass(frozen=True)
class Document:
    title: str
    intro: tuple[Line, ...]
    sections: tuple[Section, ...]
    closing: Line = ()
    notes: tuple[str, ...] = field(default=())  # said at the end, in small print
    banner: str = ""  # e.g. "Internal: not for circulation", shown above the title


def rating_word(rating: Rating | None) -> str:
    return rating.word if rating is not None else "Not rated"


def travel_word(t: Trend | None) -> str:
    if t is None:
        return "no earlier rating"
    return t.words
