"""Property-based fuzzing of every reader of untrusted input (hypothesis).

Each target gets arbitrary input and must return a result or raise a clean ``AdrError``
(which the CLI prints as one line, exit 2); any other exception is a bug. The number of
examples is small by default so the file runs in seconds; for a longer run:

    ADRTOOL_FUZZ_EXAMPLES=5000 python3 -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import functools
import json
import os
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adrtool.errors import AdrError, ConfigError, UsageError
from adrtool.records.model import Record
from adrtool.records.parse import parse_record
from adrtool.records.store import decode_record
from adrtool.records.write import SLUG_MAX, clean_title, record_filename, slugify

EXAMPLES = int(os.environ.get("ADRTOOL_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# a catalog is 1,500 YAML values parsed round-trip: fewer examples keep the default run short
SLOW_FUZZ = settings(FUZZ, max_examples=max(10, EXAMPLES // 4))

# -- strategies ---------------------------------------------------------------------------

ADR_FRAGMENTS = [
    "---",
    "status: accepted",
    "status: [a, b]",
    "status: {x: 1}",
    "date: 2020-13-45",
    "date: 2024-02-30",
    "date: !!timestamp 2001-12-14",
    "supersedes: [3, x]",
    "supersedes: 99999999999999",
    "superseded-by: 0002-x.md",
    "title: ",
    "number: -1",
    "number: 1e400",
    "tags: *a",
    "key: &a [*a]",
    "# 1. Title",
    "# ADR-0007: Use x",
    "# ",
    "#",
    "## Status",
    "## Status\n",
    "Accepted",
    "Supercedes [2. Old](0002-old.md)",
    "Superceded by [3. New](0003-new.md)",
    "Amends [](<>)",
    "Superseded by [x](http://e.com/0004-a.md#frag)",
    "Supersedes ADR-12",
    "* Status: proposed",
    "* Date: 31.12.1999",
    "- Status: superseded by [ADR-0001](20200101-a.md)",
    "- Date: 0000-00-00",
    "Date: 2020/1/1",
    "Technical Story: #12",
    "```",
    "~~~",
    "<!-- -->",
    "|a|b|",
    "\t",
    "\ufeff",
    "\u202e",
    "\x00",
    "\x1b[31m",
    "::error::x",
    "[[",
    "]]",
    "(((",
    "0" * 30,
    "9" * 400,
]

record_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(ADR_FRAGMENTS), st.text(max_size=30)), max_size=25).map(
        lambda parts: "\n".join(parts)
    ),
    st.lists(st.sampled_from(ADR_FRAGMENTS), max_size=25).map(lambda parts: "\r\n".join(parts)),
)
record_path = st.sampled_from(
    [
        "doc/adr/0001-x.md",
        "docs/decisions/20200101-log.md",
        "ADR-0003-y.md",
        "007-z.md",
        "docs/adr/0000-zero.md",
        "x/99999-big.md",
    ]
).map(PurePosixPath)

YAML_FRAGMENTS = [
    "version: 1",
    "version: 2",
    "version: '1'",
    "project:",
    "  name: x",
    "  type: mvp",
    "  type: [1]",
    "checklist:",
    "  project_complexity: high",
    "  traffic_growth: 7",
    "  internal_expertise: python",
    "  internal_expertise: [python, 3, null]",
    "  integration_requirements: {a: b}",
    "constraints:",
    "  languages: [cobol]",
    "  exclude: flask",
    "weights: {security: 1.5}",
    "weights: {security: -1}",
    "weights: {security: .inf}",
    "weights: {security: .nan}",
    "weights: [1]",
    "a: &a [x, y]",
    "b: [*a, *a, *a]",
    "<<: *a",
    "? [complex, key]",
    ": v",
    "!!python/object/apply:os.system ['echo pwned']",
    "x: !!binary aGVsbG8=",
    "x: !custom tag",
    "%YAML 1.1",
    "---",
    "...",
    "- item",
    "- - nested",
    "{",
    "}",
    "[",
    "]",
    "'unterminated",
    "key: |",
    "  block",
    "key: >-",
    "\t",
    "x: 0x1F",
    "x: 1_000",
    "x: 2001-12-14t21:59:43.10-05:00",
    "x: ~",
    "x: yes",
    "x: no",
    "x: 1e999",
    "\ufeff",
    'x: "\\ud800"',
    'x: "\\x00"',
    "id: backend-frameworks",
    "candidates:",
    "  - id: django",
    "criteria:",
    "  - id: security",
    "ratings: {security: {value: 9}}",
    "sources: {S: {title: t}}",
    "profiles: {p: {weights: 3}}",
]
yaml_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(YAML_FRAGMENTS), st.text(max_size=20)), max_size=20).map(
        lambda parts: "\n".join(parts)
    ),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["high", "python", "django", "1", "", "~", "null", "yes"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def mutate(data: Any, draw: Any) -> Any:
    """Replace or delete a few randomly chosen nodes of a valid document."""
    doc = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        node: Any = doc
        for _depth in range(draw(st.integers(min_value=0, max_value=5))):
            if isinstance(node, dict) and node:
                child = node[draw(st.sampled_from(sorted(node, key=str)))]
            elif isinstance(node, list) and node:
                child = node[draw(st.integers(min_value=0, max_value=len(node) - 1))]
            else:
                break
            if not isinstance(child, (dict, list)):
                break
            node = child
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
            if draw(st.booleans()):
                del node[key]
            else:
                node[key] = draw(values)
        elif isinstance(node, list) and node:
            node[draw(st.integers(min_value=0, max_value=len(node) - 1))] = draw(values)
        elif isinstance(node, dict):
            node[draw(st.text(max_size=8))] = draw(values)
    return doc


def as_yaml(doc: Any) -> str:
    """JSON is YAML: a faithful text form of any generated document."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=True, default=str)


# -- engine fixtures (loaded once) ------------------------------------------------------------


@functools.cache
def _engine() -> dict[str, Any]:
    from adrtool.decision.catalog import load_catalog_file, load_checklist
    from adrtool.resources import data_dir
    from adrtool.yamlio import load_yaml, plain

    path = data_dir("criteria") / "backend-frameworks.yaml"
    return {
        "checklist": load_checklist(),
        "catalog": load_catalog_file(path),
        "catalog_data": plain(load_yaml(path)),
        "answers_data": {
            "version": 1,
            "project": {"name": "Ledgerly", "type": "business-app"},
            "checklist": {
                "project_complexity": "high",
                "traffic_growth": "moderate",
                "security_requirements": "high",
                "development_timeline": "normal",
                "internal_expertise": ["python"],
                "hiring_availability": "medium",
                "ecosystem_maturity": "high",
                "cloud_deployment": "containers",
                "maintenance_horizon": "long",
                "integration_requirements": ["admin-ui", "payments"],
            },
            "constraints": {"languages": ["python"], "exclude": ["flask"]},
            "weights": {"security": 1.5},
        },
    }


@pytest.fixture(scope="module")
def engine() -> Any:
    """Loaded once; wrapped so hypothesis does not print the whole catalog on a failure."""
    return _Quiet(_engine())


class _Quiet(dict):  # type: ignore[type-arg]
    def __repr__(self) -> str:
        return "<engine>"


def load_answers_text(text: str, engine: dict[str, Any]) -> Any:
    """The answers loader end to end (YAML -> validation -> inference), minus the file read."""
    from adrtool.decision.answers import complete_answers, parse_answers
    from adrtool.scan.profile import ProjectProfile
    from adrtool.yamlio import load_yaml

    raw = load_yaml(Path("answers.yaml"), text)
    given = parse_answers(raw, "answers.yaml", engine["checklist"], engine["catalog"])
    return complete_answers(
        given, ProjectProfile(languages=("python",)), engine["checklist"], engine["catalog"]
    )


def load_catalog_text(text: str) -> Any:
    """The catalog loader end to end (load_catalog_file's steps, minus the file read)."""
    from adrtool.decision.catalog import build_catalog, validate_catalog_node
    from adrtool.yamlio import load_yaml, plain

    raw = load_yaml(Path("criteria/fuzz.yaml"), text)
    problems = validate_catalog_node(raw, "criteria/fuzz.yaml")
    if problems:
        raise ConfigError(str(problems[0]))
    return build_catalog(plain(raw), path="criteria/fuzz.yaml", origin="repo")


def test_valid_inputs_load(engine: dict[str, Any]) -> None:
    # the mutation tests start from documents that are valid, so they explore near the edges
    assert load_answers_text(as_yaml(engine["answers_data"]), engine) is not None
    assert load_catalog_text(as_yaml(engine["catalog_data"])).id == "backend-frameworks"


# -- the record reader --------------------------------------------------------------------------


@FUZZ
@given(text=record_text, path=record_path)
def test_parse_record_never_crashes(text: str, path: PurePosixPath) -> None:
    try:
        record = parse_record(text, path)
    except AdrError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert isinstance(record, Record)
    assert isinstance(record.title, str) and isinstance(record.number, int)


@FUZZ
@given(data=st.binary(max_size=400) | record_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_and_parse_bytes_never_crash(data: bytes) -> None:
    where = PurePosixPath("doc/adr/0001-x.md")
    try:
        record = parse_record(decode_record(data, where), where)
    except AdrError as e:
        assert str(e).startswith("doc/adr/0001-x.md")
        return
    assert isinstance(record, Record)


# -- answers and catalog loaders ----------------------------------------------------------------


@FUZZ
@given(text=yaml_text)
def test_answers_loader_on_any_yaml_text(text: str, engine: dict[str, Any]) -> None:
    try:
        load_answers_text(text, engine)
    except AdrError as e:
        assert isinstance(e, ConfigError) and str(e).startswith("answers.yaml")


@FUZZ
@given(data=st.data())
def test_answers_loader_on_mutated_answers(data: st.DataObject, engine: dict[str, Any]) -> None:
    doc = mutate(engine["answers_data"], data.draw)
    try:
        answers = load_answers_text(as_yaml(doc), engine)
    except AdrError as e:
        assert isinstance(e, ConfigError) and str(e).startswith("answers.yaml")
        assert "\n" not in str(e)
        return
    assert answers is not None


@FUZZ
@given(text=yaml_text)
def test_catalog_loader_on_any_yaml_text(text: str) -> None:
    try:
        load_catalog_text(text)
    except AdrError as e:
        assert isinstance(e, ConfigError) and str(e).startswith("criteria/fuzz.yaml")


@SLOW_FUZZ
@given(data=st.data())
def test_catalog_loader_on_mutated_catalog(data: st.DataObject, engine: dict[str, Any]) -> None:
    doc = mutate(engine["catalog_data"], data.draw)
    try:
        catalog = load_catalog_text(as_yaml(doc))
    except AdrError as e:
        assert isinstance(e, ConfigError) and "\n" not in str(e)
        return
    assert catalog.candidates


# -- slugs ------------------------------------------------------------------------------------


@FUZZ
@given(
    title=st.text(max_size=300)
    | st.sampled_from(["..", "../../etc/passwd", "a/b\\c", ".", "\x00", "\u202e"])
)
def test_slugify_is_a_safe_file_name_or_a_usage_error(title: str) -> None:
    try:
        slug = slugify(title)
    except UsageError:
        return
    assert slug and len(slug) <= SLUG_MAX
    assert not set(slug) & set("/\\\0.") and slug not in (".", "..")
    assert all(ch.isprintable() for ch in slug)
    name = record_filename(7, slug)
    assert PurePosixPath(name).name == name and name.endswith(".md")


@FUZZ
@given(words=st.text(max_size=300))
def test_clean_title_is_one_printable_line_or_a_usage_error(words: str) -> None:
    try:
        title = clean_title(words)
    except UsageError:
        return
    assert title == title.strip() and "\n" not in title and "\r" not in title and "\0" not in title


# -- the renderer ------------------------------------------------------------------------------

any_string = st.text(max_size=200) | st.sampled_from(
    ["{{ 7*7 }}", "{% raw %}", "}}", "{#", "\x00", "---\nstatus: x\n---", "| a |", "\r\n"]
)


@FUZZ
@given(title=any_string, status=any_string, date_text=any_string, number=st.integers(-5, 10**6))
def test_record_templates_render_any_context(
    title: str, status: str, date_text: str, number: int
) -> None:
    from adrtool.records.write import status_word, yaml_scalar
    from adrtool.render import render

    context = {
        "number": number,
        "number4": f"{number:04d}",
        "title": title,
        "date": date_text,
        "status": status,
        "status_word": status_word(status),
        "status_yaml": yaml_scalar(status),
    }
    for name in ("madr.md.j2", "nygard.md.j2"):
        text = render(name, context)
        assert title.replace("\r", "") in text.replace("\r", "")  # values are not evaluated


@FUZZ
@given(
    rows=st.lists(st.tuples(st.integers(0, 99999), any_string, any_string), max_size=6),
    intro=any_string,
    style=st.sampled_from(["table", "list"]),
)
def test_toc_template_renders_any_records(
    rows: list[tuple[int, str, str]], intro: str, style: str
) -> None:
    from adrtool.render import render

    records = [
        {"number": n, "title": t, "status": s, "link": f"{n:04d}-x.md", "date": "2020-01-01"}
        for n, t, s in rows
    ]
    text = render("toc.md.j2", {"records": records, "intro": intro, "outro": "", "style": style})
    assert isinstance(text, str)
    if style == "table":  # md_cell keeps one record on one table row
        assert text.count("\n| ") >= len(records)


JINJA_PIECES = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    " x ",
    " title ",
    " 1/0 ",
    " 7*7 ",
    " 'a'*3 ",
    " [1,2][5] ",
    " {}.a ",
    " none.x ",
    " range(10) ",
    " ''.__class__ ",
    " self ",
    " lipsum ",
    " cycler ",
    " |upper ",
    " |md_cell ",
    " |int ",
    " |attr('__class__') ",
    " |format(1) ",
    " if ",
    " else ",
    " endif ",
    " for i in range(3) ",
    " endfor ",
    " set y = 1 ",
    " macro m() ",
    " endmacro ",
    " include 'x' ",
    " import 'x' as y ",
    " extends 'madr.md.j2' ",
    " raw ",
    " endraw ",
    "(",
    ")",
    "[",
    "]",
    ".",
    "|",
    "~",
    "'",
    '"',
    "\n",
    "text ",
]


ATOMS = [
    "1",
    "0",
    "-1",
    "10**9",
    "7",
    "'a'",
    "title",
    "x",
    "[1, 2]",
    "{}",
    "none",
    "range(3)",
    "range(10**9)",
    "lipsum",
    "cycler",
    "namespace()",
    "''.__class__",
    "title.upper()",
]
OPS = [
    " + ",
    " - ",
    " * ",
    " / ",
    " // ",
    " % ",
    " ** ",
    " ~ ",
    " and ",
    " or ",
    " in ",
    "|length",
    "|int",
    "|join(',')",
    "|first",
    "|last",
    "|list",
    "[0]",
    "['k']",
    ".k",
]
expressions = st.lists(
    st.tuples(st.sampled_from(ATOMS), st.sampled_from(OPS)), min_size=1, max_size=4
).map(lambda parts: "".join(a + o for a, o in parts) + "1")
template_sources = st.one_of(
    st.lists(st.sampled_from(JINJA_PIECES), max_size=14).map("".join),
    expressions.map(lambda e: "{{ " + e + " }}"),
    expressions.map(lambda e: "{% for i in " + e + " %}{{ i }}{% endfor %}"),
    expressions.map(lambda e: "{% if " + e + " %}y{% endif %}"),
)


@FUZZ
@given(source=template_sources)
def test_render_string_on_any_template_source(source: str) -> None:
    from adrtool.render import render_string

    try:
        text = render_string(source, {"title": "T", "x": 1}, name="fuzz.md.j2")
    except ConfigError as e:
        assert str(e).startswith("fuzz.md.j2") and "\n" not in str(e)
        return
    assert isinstance(text, str)


def test_a_date_object_renders_like_text() -> None:
    # sanity of the context shape the templates get from the records service
    from adrtool.render import render

    text = render(
        "nygard.md.j2",
        {
            "number": 3,
            "title": "T",
            "date": date(2020, 1, 2).isoformat(),
            "status_word": "Accepted",
        },
    )
    assert text.startswith("# 3. T\n\nDate: 2020-01-02\n")
