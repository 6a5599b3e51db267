"""How a rating and a direction of travel look in the terminal: one place.

Every terminal view takes its colours and labels from here. A rating is never
shown by colour alone: its letter or word is always printed, so the output
reads the same with ``NO_COLOR``, in black and white, and to colour-blind
readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sli_cli.plan.model import Rating, Trend

if TYPE_CHECKING:
    from rich.text import Text

COLOURS: dict[Rating, str] = {
    Rating.RED: "red3",
    Rating.AMBER: "orange3",  # yellow-brown on 16-colour terminals, not red
    Rating.GREEN: "green4",
    Rating.BLUE: "dodger_blue2",
    Rating.GREY: "grey50",
}
# Text on a coloured cell: the colour that reads best on each background.
INK: dict[Rating, str] = {
    Rating.RED: "bright_white",
    Rating.AMBER: "black",
    Rating.GREEN: "bright_white",
    Rating.BLUE: "bright_white",
    Rating.GREY: "black",
}
TREND_STYLES: dict[Trend, str] = {
    Trend.IMPROVED: "green4",
    Trend.SAME: "",
    Trend.WORSE: "red3",
    Trend.NEW: "",
    Trend.GREY: "",
}
NOT_RATED = "-"  # shown where an objective has no rating yet
NOT_RATED_WORDS = "not rated"

Form = Literal["word", "letter", "both"]


def rating_name(rating: Rating | None, form: Form = "word") -> str:
    """A rating as plain text: ``Amber``, ``A`` or ``A Amber``."""
    if rating is None:
        return NOT_RATED
    if form == "letter":
        return rating.letter
    if form == "both":
        return f"{rating.letter} {rating.word}"
    return rating.word


def rating_text(rating: Rating | None, form: Form = "word") -> Text:
    """A rating's letter or word in its colour."""
    from rich.text import Text

    if rating is None:
        return Text(NOT_RATED, style="dim")
    return Text(rating_name(rating, form), style=f"bold {COLOURS[rating]}")


def rating_cell(rating: Rating | None, width: int = 3, *, blank: bool = False) -> Text:
    """A rating's letter centred on a block of its colour (heat maps, timelines).

    ``blank`` leaves the cell empty (a quarter still to come); a past quarter
    with no rating shows a dot.
    """
    from rich.text import Text

    if blank:
        return Text(" " * width)
    if rating is None:
        return Text("·".center(width), style="dim")
    return Text(rating.letter.center(width), style=f"bold {INK[rating]} on {COLOURS[rating]}")


def trend_name(trend: Trend | None, words: bool = True) -> str:
    """``↑ improved`` or ``new (was Grey)``, or just the arrow (``new``);
    empty when there is no direction."""
    if trend is None:
        return ""
    return trend.words if words else trend.arrow


def trend_text(trend: Trend | None, words: bool = True) -> Text:
    from rich.text import Text

    if trend is None:
        return Text("")
    return Text(trend_name(trend, words), style=TREND_STYLES[trend])


def legend(ratings: list[Rating]) -> Text:
    """``R Red  A Amber ...`` for the ratings a plan uses, each on its colour."""
    from rich.text import Text

    text = Text()
    for rating in ratings:
        text.append_text(rating_cell(rating))
        text.append(f" {rating.word}  ")
    text.append_text(rating_cell(None))
    text.append(f" {NOT_RATED_WORDS}")
    return text
