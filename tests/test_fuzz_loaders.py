"""Fuzzing the loaders: whatever the bytes, the only outcomes are a plan or
located problems, never an exception.

Each target runs FUZZ_EXAMPLES cases (1,000 by default, the figure CI runs).
"""

from __future__ import annotations

import os
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sli_cli.core.errors import Problem
from sli_cli.plan.loader import parse_plan
from sli_cli.records.action_done import parse_action_done
from sli_cli.records.event import parse_event
from sli_cli.records.meeting import parse_meeting
from sli_cli.records.store import dump_toml
from sli_cli.records.update import parse_update
from tests.helpers import EXAMPLE, SMALL_PLAN

pytestmark = pytest.mark.slow  # a thousand examples per loader

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
fuzz = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PARSERS = [parse_plan, parse_meeting, parse_action_done, parse_event, parse_update]


def assert_clean(result: tuple[Any, list[Problem]]) -> None:
    value, problems = result
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, Problem)
        assert p.format().startswith("f.toml")
    if value is None:
        assert problems, "nothing loaded but no problem reported"


@fuzz
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    for parse in PARSERS:
        assert_clean(parse(data, "f.toml"))


scalars = (st.text(max_size=30) | st.integers() | st.booleans() | st.floats(allow_nan=False)
           | st.dates() | st.datetimes())
keys = st.sampled_from([
    "schema_version", "id", "title", "network", "start", "end", "sli_lead", "coordinator",
    "priorities", "objectives", "rag", "outputs", "due", "priority", "quarter", "date",
    "outcomes", "actions", "rag", "objective", "version", "kind", "month", "link", "action",
    "attendees", "not_discussed", "internal", "dph_lead", "lead", "text", "owner",
    "apologies", "decisions", "status", "badged", "amends", "uid",
]) | st.text(min_size=1, max_size=8)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children,
                                                                      max_size=6),
    max_leaves=30,
).filter(lambda d: isinstance(d, dict)) | st.dictionaries(keys, scalars, max_size=10)


@fuzz
@given(documents)
def test_valid_toml_of_the_wrong_shape(doc: dict[str, Any]) -> None:
    try:
        data = dump_toml(doc)
    except (TypeError, ValueError):
        return  # not representable as TOML (e.g. mixed arrays)
    for parse in PARSERS:
        assert_clean(parse(data, "f.toml"))


BASES = [SMALL_PLAN.encode(), (EXAMPLE / "plan.toml").read_bytes()]
BASES += [p.read_bytes() for p in sorted(EXAMPLE.glob("meetings/2023-24-Q1/*.toml"))[:2]]


@fuzz
@given(st.sampled_from(BASES), st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.binary(max_size=12)),
    min_size=1, max_size=4))
def test_mutated_valid_files(base: bytes, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(base)
    for at, cut, insert in edits:
        at %= len(data) + 1
        data[at:at + cut] = insert
    for parse in PARSERS:
        assert_clean(parse(bytes(data), "f.toml"))


@fuzz
@given(st.sampled_from(BASES[:2]), st.data())
def test_mutated_plan_values(base: bytes, data: st.DataObject) -> None:
    """Valid TOML, plausible shape, wrong values: replace one value anywhere."""
    doc = tomllib.loads(base.decode())
    target: Any = doc
    path = []
    while isinstance(target, dict | list) and target:
        key = data.draw(st.sampled_from(list(target.keys()) if isinstance(target, dict)
                                        else list(range(len(target)))))
        path.append(key)
        if not isinstance(target[key], dict | list) or data.draw(st.booleans()):
            target[key] = data.draw(scalars | st.lists(scalars, max_size=3))
            break
        target = target[key]
    try:
        encoded = dump_toml(doc)
    except (TypeError, ValueError):
        return
    assert_clean(parse_plan(encoded, "f.toml"))
