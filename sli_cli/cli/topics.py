"""``sli help TOPIC``: the format documents, shipped with the package.

The documents live once, in the repository's ``docs/`` folder; the wheel
carries a copy as ``sli_cli/docs`` (pyproject's force-include), so an
installed ``sli`` can print them without the source checkout.
"""


from typing import Annotated

import typer

from sli_cli.cli import completion

# topic: (file in docs/, what it describes)
TOPICS: dict[str, tuple[str, str]] = {
    "plan-format": ("plan-format.md", "the plan folder and plan.toml, with an example"),
    "meeting-input": ("meeting-input.md", "the meeting file for sli meeting record --from"),
    "dates": ("dates-and-quarters.md", "how typed dates and quarters are read"),
    "snapshot": ("snapshot.md", "how the snapshot, the report and the export are made"),
    "json": ("json-output.md", "the fields of --format json and csv"),
    "network": ("network.md", "the network file and sli network, across regions' plans"),
}


def complete_topic(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The documents ``sli help`` prints."""
    return completion.matching([(name, about) for name, (_, about) in TOPICS.items()],
                               incomplete)


def help_topic(
    topic: Annotated[str | None, typer.Argument(
        metavar="TOPIC", show_default=False, autocompletion=complete_topic,
        help="One of: " + ", ".join(TOPICS) + ".")] = None,
) -> None:
    """Print one of sli's format documents (Markdown), or list them."""
    from sli_cli.cli.output import out
    from sli_cli.core.errors import UsageError
    from sli_cli.plan.tomlsource import suggest

    if topic is None:
        width = max(map(len, TOPICS))
        out("\n".join(f"{name.ljust(width)}  {about}" for name, (_, about) in TOPICS.items())
            + "\n\nPrint one with: sli help TOPIC")
        return
    chosen = TOPICS.get(topic.strip().lower())
    if chosen is None:
        raise UsageError(f"no help topic {topic!r}{suggest(topic.strip().lower(), list(TOPICS))}"
                         f"; the topics are {', '.join(TOPICS)}")
    out(document_text(chosen[0]))


def document_text(name: str) -> str:
    """A document from ``docs/``: the installed copy, else the source checkout's."""
    from importlib import resources
    from pathlib import Path

    from sli_cli.core.errors import UsageError

    installed = resources.files("sli_cli").joinpath("docs", name)
    if installed.is_file():
        return installed.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "docs" / name
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise UsageError(f"the document {name} is missing from this installation")
