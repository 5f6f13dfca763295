"""The lifecycle services, called directly (as both the adrtool and the adr faces do)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adrtool.config import Config
from adrtool.errors import RecordError, UsageError
from adrtool.services import records as svc

DAY = date(1992, 1, 12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, DAY), ("2024-02-29", date(2024, 2, 29)), (" 2020-01-01 ", date(2020, 1, 1))],
)
def test_parse_date_accepts(value: str | None, expected: date) -> None:
    assert svc.parse_date(value, DAY) == expected


@pytest.mark.parametrize("value", ["2023-02-29", "24-01-01", "2024/01/01", "yesterday", ""])
def test_parse_date_rejects(value: str) -> None:
    with pytest.raises(UsageError, match="expected YYYY-MM-DD"):
        svc.parse_date(value, DAY)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("3:Amends:Amended by", svc.NewLink(3, "Amends", "Amended by")),
     (" 12 : Clarifies : Clarified by ", svc.NewLink(12, "Clarifies", "Clarified by"))],
)
def test_new_link_parse(spec: str, expected: svc.NewLink) -> None:
    assert svc.NewLink.parse(spec) == expected


@pytest.mark.parametrize("spec", ["3:Amends", "x:Amends:Amended by", "3::Amended by", "1:a:b:c"])
def test_new_link_parse_rejects(spec: str) -> None:
    with pytest.raises(UsageError, match="expected \"N:Label:Reverse label\""):
        svc.NewLink.parse(spec)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Accepted", "accepted"), ("PROPOSED", "proposed"), ("superseded", "superseded")],
)
def test_check_status(value: str, expected: str) -> None:
    assert svc.check_status(value) == expected


def test_check_status_suggests() -> None:
    with pytest.raises(UsageError, match=r'unknown status "rejectd" \(did you mean "rejected"\?\)'):
        svc.check_status("rejectd")


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [("proposed", "accepted", True), ("proposed", "rejected", True),
     ("accepted", "superseded", True), ("accepted", "proposed", False),
     ("superseded", "proposed", False), ("superseded", "accepted", False),
     ("rejected", "proposed", True), ("deprecated", "accepted", True)],
)
def test_transitions(old: str, new: str, allowed: bool) -> None:
    assert (new in svc.TRANSITIONS[old]) is allowed


def init_madr(repo: Path) -> Path:
    result = svc.init_folder(repo, Config(), today=DAY)
    return result.adr_dir


def test_init_folder_and_refusal(tmp_path: Path) -> None:
    result = svc.init_folder(tmp_path, Config(), today=DAY, template="nygard")
    assert result.adr_dir == tmp_path / "docs" / "decisions"
    assert result.first.name == "0001-record-architecture-decisions.md"
    assert result.config_written is None
    assert result.first.read_text("utf-8").startswith(
        "# 1. Record architecture decisions\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n")
    with pytest.raises(RecordError, match="docs/decisions already holds ADRs"):
        svc.init_folder(tmp_path, Config(), today=DAY)


def test_init_folder_rejects_unknown_template(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r'unknown template "nygrad" \(did you mean "nygard"\?\)'):
        svc.init_folder(tmp_path, Config(), today=DAY, template="nygrad")
    assert not (tmp_path / "docs").exists()


def test_create_record_for_the_adr_face(tmp_path: Path) -> None:
    """adr-tools writes "Accepted" and its own template file with placeholders."""
    svc.init_folder(tmp_path, Config(), today=DAY, template="nygard")
    template = tmp_path / "template.md"
    template.write_text("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nC\n",
                        encoding="utf-8")
    first = svc.create_record(tmp_path, Config(), "Use Riak", today=DAY, status_text="Accepted",
                              template=str(template))
    second = svc.create_record(tmp_path, Config(), "Use CRDTs", today=DAY, status_text="Accepted",
                               supersedes=[2], links=[svc.NewLink(1, "Amends", "Amended by")])
    assert (first.number, first.status) == (2, "accepted")
    assert (second.number, second.supersedes) == (3, (2,))
    assert [(lk.label, lk.target) for lk in second.links] == [("Amends", 1)]
    assert (tmp_path / second.path).read_text("utf-8").startswith(
        "# 3. Use CRDTs\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Supersedes [2. Use Riak](0002-use-riak.md)\n\n"
        "Amends [1. Record architecture decisions](0001-record-architecture-decisions.md)\n\n"
        "## Context\n")


def test_create_record_custom_labels_and_jinja_template(tmp_path: Path) -> None:
    svc.init_folder(tmp_path, Config(), today=DAY, template="nygard")
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ number }}. {{ title }}\n\nDate: {{ date }}\n\n## Status\n\n"
                        "{{ status_word }}\n", encoding="utf-8")
    # the spelling of adr-tools before 3.0.0, for a folder that keeps it
    labels = svc.LinkLabels(nygard_supersedes="Supercedes", nygard_superseded_by="Superceded by")
    record = svc.create_record(tmp_path, Config(), "Next", today=DAY, supersedes=[1],
                               template=str(template), labels=labels)
    assert (tmp_path / record.path).read_text("utf-8") == (
        "# 2. Next\n\nDate: 1992-01-12\n\n## Status\n\nProposed\n\n"
        "Supercedes [1. Record architecture decisions](0001-record-architecture-decisions.md)\n")
    old = (tmp_path / "docs/decisions/0001-record-architecture-decisions.md").read_text("utf-8")
    assert "## Status\n\nSuperceded by [2. Next](0002-next.md)\n\n## Context" in old


def test_create_record_keeps_the_folder_naming(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    (folder / "ADR-007-old.md").write_text("# Old\n\n* Status: accepted\n", encoding="utf-8")
    record = svc.create_record(tmp_path, Config(), "New one", today=DAY, supersedes=[7])
    assert record.path.name == "ADR-008-new-one.md"
    assert (folder / "ADR-007-old.md").read_text("utf-8") == (
        "# Old\n\n* Status: superseded by [ADR-0008](ADR-008-new-one.md)\n")


def test_create_record_checks_targets_before_writing(tmp_path: Path) -> None:
    folder = init_madr(tmp_path)
    with pytest.raises(RecordError, match="no ADR numbered 4 in docs/decisions"):
        svc.create_record(tmp_path, Config(), "X", today=DAY, links=[svc.NewLink(4, "A", "B")])
    assert [p.name for p in folder.iterdir()] == ["0001-record-architecture-decisions.md"]


def test_ambiguous_number_points_to_renumber(tmp_path: Path) -> None:
    folder = init_madr(tmp_path)
    (folder / "0001-other.md").write_text("# Other\n", encoding="utf-8")
    with pytest.raises(RecordError, match="ADR 1 is ambiguous") as info:
        svc.set_status(tmp_path, Config(), 1, "deprecated")
    assert info.value.hint == 'run "adrtool renumber" to give each record its own number'


def test_set_status_in_each_style(tmp_path: Path) -> None:
    folder = init_madr(tmp_path)
    (folder / "0002-bullets.md").write_text("# B\n\n* Status: proposed\n", encoding="utf-8")
    (folder / "0003-bare.md").write_text("# C\n\nText.\n", encoding="utf-8")
    change = svc.set_status(tmp_path, Config(), 2, "accepted")
    assert (change.old, change.new, change.changed) == ("proposed", "accepted", True)
    assert (folder / "0002-bullets.md").read_text("utf-8") == "# B\n\n* Status: accepted\n"
    svc.set_status(tmp_path, Config(), 3, "proposed")
    bare = (folder / "0003-bare.md").read_text("utf-8")
    assert bare == "---\nstatus: proposed\n---\n\n# C\n\nText.\n"
    svc.set_status(tmp_path, Config(), 1, "deprecated")
    assert "status: deprecated\n" in (folder / "0001-record-architecture-decisions.md").read_text(
        "utf-8")


def test_add_link_validates(tmp_path: Path) -> None:
    init_madr(tmp_path)
    with pytest.raises(UsageError, match="an ADR cannot link to itself"):
        svc.add_link(tmp_path, Config(), 1, "Amends", 1, "Amended by")
    with pytest.raises(UsageError, match='bad LABEL "\\[x\\]"'):
        svc.add_link(tmp_path, Config(), 1, "[x]", 2, "Amended by")


def test_madr_links_feed_the_graph(tmp_path: Path) -> None:
    init_madr(tmp_path)
    svc.create_record(tmp_path, Config(), "Two", today=DAY)
    svc.add_link(tmp_path, Config(), 2, "Refines", 1, "Refined by")
    folder = svc.open_folder(tmp_path, Config())
    assert [(lk.label, lk.target) for lk in folder.by_number(2)[0].links] == [("Refines", 1)]
    dot = svc.graph(folder, fmt="dot")
    assert '  _2 -> _1 [label="Refines", weight=0]\n' in dot
    assert "Refined by" not in dot


def test_toc_styles(tmp_path: Path) -> None:
    init_madr(tmp_path)
    folder = svc.open_folder(tmp_path, Config())
    assert svc.toc_markdown(folder, style="list", prefix="adr/") == (
        "# Architecture Decision Records\n\n"
        "* [1. Record architecture decisions](adr/0001-record-architecture-decisions.md)\n")
    assert "| 1 | [Record architecture decisions]" in svc.toc_markdown(folder)


def test_renumber_rewrites_madr_references(tmp_path: Path) -> None:
    folder = init_madr(tmp_path)
    (folder / "0002-b.md").write_text("---\nstatus: accepted\n---\n\n# B\n", encoding="utf-8")
    (folder / "0002-c.md").write_text("---\nstatus: proposed\n---\n\n# C\n", encoding="utf-8")
    (folder / "0003-d.md").write_text(
        '---\nstatus: "superseded by [ADR-0002](0002-c.md)"\n---\n\n# D\n\n'
        "## More Information\n\n* Refines [ADR-0002: C](0002-c.md)\n", encoding="utf-8")
    moves = svc.renumber(tmp_path, Config())
    assert [(m.old_path.name, m.new_path.name, m.rewritten) for m in moves] == [
        ("0002-c.md", "0004-c.md", (folder / "0003-d.md",))]
    assert (folder / "0003-d.md").read_text("utf-8") == (
        '---\nstatus: "superseded by [ADR-0004](0004-c.md)"\n---\n\n# D\n\n'
        "## More Information\n\n* Refines [ADR-0004: C](0004-c.md)\n")
    assert (folder / "0004-c.md").read_text("utf-8") == "---\nstatus: proposed\n---\n\n# C\n"
    assert svc.renumber(tmp_path, Config()) == []


@pytest.mark.parametrize(
    ("data", "what", "message"),
    [
        (b"\xef\xbb\xbfIntro\r\nline\r\n", "intro", None),
        (b"caf\xe9\n", "intro", "{path}: intro is not UTF-8 text"),
        (None, "template", "{path}: cannot read template: No such file or directory"),
    ],
)
def test_read_text_file(tmp_path: Path, data: bytes | None, what: str, message: str | None) -> None:
    path = tmp_path / "file.md"
    if data is not None:
        path.write_bytes(data)
    if message is None:
        assert svc.read_text_file(path, what) == "Intro\nline\n"
        return
    with pytest.raises(UsageError) as info:
        svc.read_text_file(path, what)
    assert str(info.value) == message.format(path=path)
