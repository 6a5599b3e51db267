"""The TOML form of answers (drafts, --from, the template) keeps every
character typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sli_cli.recording.answers import ActionAnswer, Answers, ObjectiveAnswer
from sli_cli.recording.form import answers_from_toml, answers_to_toml

typed = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(priority=typed, day=typed, progress=typed, risks=typed, text=typed, owner=typed,
       attendees=st.lists(typed, max_size=3), note=typed)
def test_answers_round_trip(priority: str, day: str, progress: str, risks: str, text: str,
                            owner: str, attendees: list[str], note: str) -> None:
    answers = Answers(
        priority=priority, date=day, quarter="2023/24 Q1", attendees=attendees,
        objectives=[ObjectiveAnswer("KO1", "amber", progress, risks,
                                    actions=[ActionAnswer(text, owner, "30/09/2023")]),
                    ObjectiveAnswer("KO2", "skip")],
        change_note=note, amend=True)
    back, problems = answers_from_toml(answers_to_toml(answers).encode("utf-8"), "draft")
    assert problems == []
    assert back == answers


def test_multi_line_text_is_written_for_editing() -> None:
    answers = Answers(objectives=[ObjectiveAnswer("KO1", "G", "Line one\nLine two")])
    assert 'progress = """\nLine one\nLine two"""\n' in answers_to_toml(answers)
