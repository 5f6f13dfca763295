"""The write side of records: slugs, safe writes and pure text edits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adrtool.errors import RecordError, UsageError
from adrtool.records import write


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Use PostgreSQL Database", "use-postgresql-database"),
        ("  Use   MySQL  ", "use-mysql"),
        ("Funny Characters: c'est la vie!", "funny-characters-c-est-la-vie"),
        ("Café & Crème", "cafe-creme"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("..", None),
        ("tab\tand\x00nul\x1bcontrol", "tab-andnulcontrol"),
        ("日本語の決定", "日本語の決定"),
        ("snake_case_title", "snake-case-title"),
        ("Ünïcödé Straße", "unicode-straße"),
        ("!!!", None),
        ("x" * 150, "x" * 100),
    ],
)
def test_slugify(title: str, slug: str | None) -> None:
    if slug is None:
        with pytest.raises(UsageError, match="no letters or digits"):
            write.slugify(title)
    else:
        assert write.slugify(title) == slug


def test_slug_is_never_a_path() -> None:
    for title in ["../x", "/abs/path", "..\\..\\win", "a\nb", "x/../y"]:
        slug = write.slugify(title)
        assert "/" not in slug and "\\" not in slug and ".." not in slug and "\n" not in slug


@pytest.mark.parametrize(
    ("name", "number", "expected"),
    [("0005-x.md", 7, "0007-x.md"), ("ADR-005-x.md", 12, "ADR-012-x.md"),
     ("0009-x.md", 10, "0010-x.md")],
)
def test_renumbered_filename(name: str, number: int, expected: str) -> None:
    assert write.renumbered_filename(name, number) == expected


def test_record_filename_is_zero_padded() -> None:
    assert write.record_filename(12, "use-x") == "0012-use-x.md"


def test_clean_title_collapses_whitespace_and_rejects_empty() -> None:
    assert write.clean_title(" Use\tthe \x07 DB ") == "Use the DB"
    with pytest.raises(UsageError, match="no title given"):
        write.clean_title("  \t ")


NYGARD = (
    "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
    "## Context\n\nContext here...\n"
)


def test_nygard_add_line_matches_adr_tools_layout() -> None:
    text = write.nygard_add_line(NYGARD, "Amended by [3. Third](0003-third.md)")
    text = write.nygard_add_line(text, "Clarified by [4. Four](0004-four.md)")
    assert text == (
        "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Amended by [3. Third](0003-third.md)\n\nClarified by [4. Four](0004-four.md)\n\n"
        "## Context\n\nContext here...\n"
    )


def test_nygard_add_line_is_idempotent() -> None:
    once = write.nygard_add_line(NYGARD, "Amends [2. B](0002-b.md)")
    assert write.nygard_add_line(once, "Amends [2. B](0002-b.md)") == once


def test_nygard_supersede_replaces_the_status_word() -> None:
    text = write.nygard_set_status(NYGARD, None)
    text = write.nygard_add_line(text, "Superceded by [2. Second](0002-second.md)")
    assert "## Status\n\nSuperceded by [2. Second](0002-second.md)\n\n## Context\n" in text
    assert "Accepted" not in text


def test_nygard_set_status_keeps_link_lines() -> None:
    text = write.nygard_add_line(NYGARD, "Amends [2. B](0002-b.md)")
    assert write.nygard_set_status(text, "Deprecated") == text.replace("Accepted", "Deprecated")


def test_nygard_status_as_last_section_keeps_one_final_newline() -> None:
    text = write.nygard_add_line("# 1. A\n\n## Status\n\nProposed\n", "Amends [2. B](0002-b.md)")
    assert text == "# 1. A\n\n## Status\n\nProposed\n\nAmends [2. B](0002-b.md)\n"


def test_nygard_missing_status_section_is_added() -> None:
    text = write.nygard_set_status("# 1. A\n\n## Context\n\nx\n", "Accepted")
    assert text == "# 1. A\n\n## Status\n\nAccepted\n\n## Context\n\nx\n"


MADR = (
    "---\nstatus: proposed\ndate: 2024-01-01\n---\n\n"
    "# Use X\n\n## More Information\n\nSee notes.\n"
)


def test_front_matter_set_replaces_and_adds() -> None:
    assert write.front_matter_set(MADR, "status", "accepted").startswith(
        "---\nstatus: accepted\ndate: 2024-01-01\n---\n")
    added = write.front_matter_set(MADR, "tags", "db")
    assert added.startswith("---\nstatus: proposed\ndate: 2024-01-01\ntags: db\n---\n")
    bare = write.front_matter_set("# Use X\n", "status", "accepted")
    assert bare == "---\nstatus: accepted\n---\n\n# Use X\n"


@pytest.mark.parametrize(
    ("value", "yaml"),
    [("accepted", "accepted"), ("superseded by [ADR-0005](0005-x.md)",
                                '"superseded by [ADR-0005](0005-x.md)"'),
     ("yes", '"yes"'), ("a: b", '"a: b"')],
)
def test_yaml_scalar(value: str, yaml: str) -> None:
    assert write.yaml_scalar(value) == yaml


def test_bullets_set_status() -> None:
    text = "# Use X\n\n* Status: proposed\n* Date: 2020-01-01\n"
    assert write.bullets_set_status(text, "accepted") == (
        "# Use X\n\n* Status: accepted\n* Date: 2020-01-01\n")


def test_madr_add_link_appends_bullets_under_more_information() -> None:
    text = write.madr_add_link(MADR, "Amends [ADR-0001: A](0001-a.md)")
    text = write.madr_add_link(text, "Supersedes [ADR-0002: B](0002-b.md)")
    assert text.endswith(
        "## More Information\n\nSee notes.\n\n* Amends [ADR-0001: A](0001-a.md)\n"
        "* Supersedes [ADR-0002: B](0002-b.md)\n")
    fresh = write.madr_add_link("# Use X\n", "Amends [ADR-0001: A](0001-a.md)")
    assert fresh == "# Use X\n\n## More Information\n\n* Amends [ADR-0001: A](0001-a.md)\n"


def test_retarget_links_and_title_number() -> None:
    text = ("Supercedes [5. Old](0005-old.md)\n"
            "[ADR-0005](0005-old.md#x) and [5. Other](0005-other.md)"
            "\n[text](../adr/0005-old.md)\n")
    assert write.retarget_links(text, "0005-old.md", "0007-old.md", 5, 7) == (
        "Supercedes [7. Old](0007-old.md)\n"
        "[ADR-0007](0007-old.md#x) and [5. Other](0005-other.md)"
        "\n[text](../adr/0007-old.md)\n")
    # the number in the link text keeps its width, whatever joins it to "ADR"
    spaced = "[ADR 5](0005-old.md) [ADR-5](./0005-old.md) [ADR_0005: Old](0005-old.md)"
    assert write.retarget_links(spaced, "0005-old.md", "0012-old.md", 5, 12) == (
        "[ADR 12](0012-old.md) [ADR-12](./0012-old.md) [ADR_0012: Old](0012-old.md)")
    bracketed = "Supersedes [5. Use [Kafka] now](0005-old.md)"
    assert write.retarget_links(bracketed, "0005-old.md", "0007-old.md", 5, 7) == (
        "Supersedes [7. Use [Kafka] now](0007-old.md)")
    fixed = write.set_nygard_title_number("# 5. Old\n\n# 5. keep\n", 5, 7)
    assert fixed == "# 7. Old\n\n# 5. keep\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_rewrite_keeps_newlines_and_bom(tmp_path: Path, newline: str, bom: bool) -> None:
    path = tmp_path / "0001-a.md"
    raw = ("\ufeff" if bom else "") + NYGARD.replace("\n", newline)
    path.write_bytes(raw.encode("utf-8"))
    path.chmod(0o640)
    original = write.read_for_rewrite(path)
    assert original.text == NYGARD and original.newline == newline and original.bom is bom
    assert write.rewrite(original, original.text.replace("Accepted", "Deprecated"))
    data = path.read_bytes()
    assert data == raw.replace("Accepted", "Deprecated").encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["0001-a.md"]  # no temp file left behind


def test_rewrite_unchanged_text_does_not_touch_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x\n", encoding="utf-8")
    before = path.stat().st_mtime_ns
    assert not write.rewrite(write.read_for_rewrite(path), "x\n")
    assert path.stat().st_mtime_ns == before


def test_non_utf8_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(RecordError, match=r"a\.md: not UTF-8 text \(byte 3\); not changed"):
        write.read_for_rewrite(path)


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("mine\n", encoding="utf-8")
    with pytest.raises(RecordError, match="already exists; not overwritten"):
        write.write_new(path, "theirs\n")
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_create_numbered_skips_taken_and_reserved_numbers(tmp_path: Path) -> None:
    (tmp_path / "0001-a.md").write_text("# 1. A\n", encoding="utf-8")
    (tmp_path / ".adrtool-2.reserving").write_text("", encoding="utf-8")  # another writer
    number, path = write.create_numbered(tmp_path, lambda n: (f"{n:04d}-b.md", f"# {n}. B\n"))
    assert (number, path.name) == (3, "0003-b.md")
    assert path.read_text(encoding="utf-8") == "# 3. B\n"
    # a stale reservation (older than five minutes) is cleared
    old = tmp_path / ".adrtool-2.reserving"
    os.utime(old, (1, 1))
    number, _ = write.create_numbered(tmp_path, lambda n: (f"{n:04d}-c.md", "x\n"), first=2)
    assert not old.exists() and number == 4


def _dead_pid() -> str:
    return subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_reservation_names_its_owner_and_one_left_by_a_dead_process_frees_its_number(
    tmp_path: Path,
) -> None:
    import socket

    (tmp_path / "0001-a.md").write_text("# 1. A\n", encoding="utf-8")
    seen = []

    def make(n: int) -> tuple[str, str]:  # runs while the number is reserved
        seen.append((tmp_path / f".adrtool-{n}.reserving").read_text(encoding="utf-8"))
        return f"{n:04d}-b.md", f"# {n}. B\n"

    assert write.create_numbered(tmp_path, make)[0] == 2
    assert seen == [f"{os.getpid()} {socket.gethostname()}\n"]
    # a fresh reservation of a process of this host that no longer runs: its number is free
    left = tmp_path / ".adrtool-3.reserving"
    left.write_text(f"{_dead_pid()} {socket.gethostname()}\n", encoding="utf-8")
    number, path = write.create_numbered(tmp_path, lambda n: (f"{n:04d}-c.md", "x\n"))
    assert (number, path.name) == (3, "0003-c.md") and not left.exists()
    # a fresh one of a live process (this one), or of another host, still blocks its number
    for owner in (f"{os.getpid()} {socket.gethostname()}", f"{_dead_pid()} other-host", ""):
        held = tmp_path / ".adrtool-4.reserving"
        held.write_text(owner + "\n", encoding="utf-8")
        number, path = write.create_numbered(tmp_path, lambda n: (f"{n:04d}-d.md", "x\n"))
        assert number == 5 and held.exists(), owner
        path.unlink()
        held.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-a.md", "0002-b.md", "0003-c.md"]


def test_create_numbered_never_reuses_a_number_with_another_slug(tmp_path: Path) -> None:
    (tmp_path / "0004-someone-else.md").write_text("x\n", encoding="utf-8")
    number, path = write.create_numbered(tmp_path, lambda n: (f"{n:04d}-mine.md", "y\n"), first=4)
    assert (number, path.name) == (5, "0005-mine.md")


@pytest.mark.slow
def test_concurrent_new_processes_get_distinct_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "decisions"
    folder.mkdir(parents=True)
    (folder / "0001-first.md").write_text("# 1. First\n\n## Status\n\nAccepted\n", encoding="utf-8")
    code = (
        "import sys\nfrom adrtool.cli import main\n"
        "sys.argv = ['adrtool', 'new', '--repo', sys.argv[1], '--no-edit',\n"
        "            'Parallel', sys.argv[2]]\n"
        "main()\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path), f"t{i}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(6)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, outputs
    numbers = sorted(int(Path(out.strip()).name[:4]) for out, _ in outputs)
    assert numbers == [2, 3, 4, 5, 6, 7]
    assert sorted(p.name[:4] for p in folder.iterdir()) == [f"{n:04d}" for n in range(1, 8)]


def test_slugify_property_never_yields_an_unsafe_name() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=60))
    def check(title: str) -> None:
        try:
            slug = write.slugify(title)
        except UsageError:
            return
        assert slug and slug == slug.strip("-") and slug == slug.lower()
        assert not any(ch in slug for ch in "/\\.\0\n\r\t :*?\"<>|")
        assert all(ch == "-" or ch.isalnum() for ch in slug)
        assert len(slug) <= write.SLUG_MAX

    check()


# -- the edit lock ----------------------------------------------------------------------------


def test_parallel_supersede_of_one_record_keeps_every_edit(tmp_path: Path) -> None:
    # six "new -s 1" at once each rewrite record 1: without the lock one edit could be lost
    folder = tmp_path / "docs" / "decisions"
    folder.mkdir(parents=True)
    first = folder / "0001-use-records.md"
    first.write_text("# 1. Use records\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n"
                     "## Context\n\nx\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "adrtool", "new", "--no-edit", "-s", "1", f"Replace {i}",
             "--repo", str(tmp_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
        for i in range(6)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    lines = [ln for ln in first.read_text("utf-8").splitlines() if ln.startswith("Superseded by")]
    assert len(lines) == 6, first.read_text("utf-8")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no lock left


def test_edit_takes_over_a_lock_left_by_a_dead_process(tmp_path: Path) -> None:
    path = tmp_path / "0001-a.md"
    path.write_text("# 1. A\n", encoding="utf-8")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    lock = tmp_path / ".0001-a.md.lock"
    import socket

    lock.write_text(f"{gone} {socket.gethostname()}\n", encoding="utf-8")
    assert write.edit(path, lambda text: text + "more\n") is True
    assert path.read_text("utf-8") == "# 1. A\nmore\n"
    assert not lock.exists()
    # an old lock whose owner cannot be checked (another host) is stale after _LOCK_STALE
    lock.write_text("123 some-other-host\n", encoding="utf-8")
    old = lock.stat().st_mtime - write._LOCK_STALE - 5
    os.utime(lock, (old, old))
    assert write.edit(path, lambda text: text + "again\n") is True
    assert not lock.exists()


def test_edit_waits_for_a_live_lock_then_says_who_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "_LOCK_WAIT", 0.2)
    path = tmp_path / "0001-a.md"
    path.write_text("# 1. A\n", encoding="utf-8")
    with write.locked(path), pytest.raises(RecordError) as info:  # held by this live process
        write.edit(path, lambda text: text + "lost?\n")
    assert str(info.value) == (
        f"{path}: another process is editing it (.0001-a.md.lock exists); "
        f"try again, or delete {tmp_path / '.0001-a.md.lock'} if no adrtool is running")
    assert path.read_text("utf-8") == "# 1. A\n"
    assert write.edit(path, lambda text: text + "now\n") is True  # released on exit
