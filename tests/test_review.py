"""``adrtool review``: unit tests of the pieces, and a realistic pull request as a golden file."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adrtool.records.parse import parse_record
from adrtool.services.review import (
    RecordChange,
    Review,
    answer_changes,
    changed_parts,
    describe_change,
    md_code,
    md_text,
    review_context,
    supersession_chains,
)
from tests.conftest import git, run
from tests.guard_repos import (
    ANSWERS,
    ANSWERS_DJANGO,
    ANSWERS_FASTAPI,
    PYPROJECT,
    PYPROJECT_FASTAPI,
    D,
    cloned,
    commit,
    draft,
    nygard,
    publish,
    write,
)

ZWJ = "\u200d"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Use Django", "Use Django"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("a & b", "a &amp; b"),
        ("ping @octocat and @org/team", f"ping @{ZWJ}octocat and @{ZWJ}org/team"),
        ("a | b", "a \\| b"),
        ("[click](https://evil.example)", f"\\[click\\](https{ZWJ}://evil.example)"),
        ("see www.evil.example", f"see www{ZWJ}.evil.example"),
        ("**bold** _it_ `code` ~~x~~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~"),
        ("two\nlines\r\nhere", "two lines here"),
        ("# heading", "\\# heading"),
        ("javascript:alert(1)", f"javascript{ZWJ}:alert(1)"),
    ],
)
def test_md_text_makes_repo_text_inert(raw: str, safe: str) -> None:
    assert md_text(raw) == safe


def test_md_code_cannot_break_out_of_the_span() -> None:
    assert md_code("docs/a`b.md") == "`docs/a'b.md`"
    assert md_code("docs/a|b.md") == "`docs/a|b.md`"
    assert md_code("docs/a|b.md", cell=True) == "`docs/a\\|b.md`"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [("fixes #12", f"fixes \\#{ZWJ}12"), ("costs $5 to $10", "costs \\$5 to \\$10")],
)
def test_md_text_breaks_issue_references_and_math(raw: str, safe: str) -> None:
    assert md_text(raw) == safe


def test_pipes_in_paths_and_answer_keys_keep_every_table_row_whole(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    from adrtool.render import render
    from adrtool.services.review import AnswerChange, DecisionChange

    review = Review(
        base="origin/main",
        head="HEAD",
        records=(
            RecordChange("added", 7, "X", f"{D}/0007-a|b.md", None, "proposed"),
            RecordChange(
                "renamed", 8, "Y", f"{D}/0008-y.md", "accepted", "accepted", (), f"{D}/8|x.md"
            ),
        ),
        decisions=(
            DecisionChange(
                7,
                "X",
                f"{D}/0007-a|b.md",
                "backend-framework",
                "answers.yaml",
                answers=(AnswerChange("checklist.a|b", "x|y", "z"),),
            ),
        ),
    )
    text = render("review.md.j2", review_context(review), tmp_path)
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<code>docs/decisions/0007-a|b.md</code></td>" in html
    assert "(renamed from <code>docs/decisions/8|x.md</code>)</td>" in html
    assert "<td><code>checklist.a|b</code></td>\n<td>x|y</td>" in html
    assert html.count("<tr>") == html.count("</tr>")
    for row in html.split("<tr>")[1:]:
        assert row.count("<td>") in (0, 3, 4), row


def rec(name: str, text: str):
    return parse_record(text, PurePosixPath(f"{D}/{name}"))


def test_status_and_link_change_is_described_as_such() -> None:
    old = rec("0002-a.md", nygard(2, "A"))
    new = rec("0002-a.md", nygard(2, "A", "Superseded", "Superseded by [3. B](0003-b.md)"))
    assert changed_parts(old, new) == ("status", "links")
    change = describe_change("M", old, new)
    assert change == RecordChange(
        "changed", 2, "A", f"{D}/0002-a.md", "accepted", "superseded", ("status", "links")
    )


def test_renumbered_record_says_so() -> None:
    old = rec("0005-a.md", nygard(5, "A"))
    new = rec("0006-a.md", nygard(5, "A").replace("# 5. A", "# 6. A"))
    change = describe_change("R", old, new, f"{D}/0005-a.md")
    assert change is not None and change.kind == "renamed"
    assert change.parts == ("number 5 → 6",)


def test_text_change_and_unchanged_record() -> None:
    old = rec("0002-a.md", nygard(2, "A"))
    new = rec("0002-a.md", nygard(2, "A", body="Other reasons."))
    assert changed_parts(old, new) == ("text",)
    assert describe_change("M", old, old) is None
    assert describe_change("A", None, new).kind == "added"
    assert describe_change("D", old, None).kind == "removed"


def test_supersession_chains_run_oldest_to_newest() -> None:
    records = [
        rec("0001-a.md", nygard(1, "A", "Superseded", "Superseded by [2. B](0002-b.md)")),
        rec(
            "0002-b.md",
            nygard(
                2,
                "B",
                "Superseded",
                "Supersedes [1. A](0001-a.md)\n\nSuperseded by [3. C](0003-c.md)",
            ),
        ),
        rec("0003-c.md", nygard(3, "C", links="Supersedes [2. B](0002-b.md)")),
        rec("0004-d.md", nygard(4, "D")),
    ]
    chains = supersession_chains(records, [3, 4])
    assert [[(c.number, c.status) for c in chain] for chain in chains] == [
        [(1, "superseded"), (2, "superseded"), (3, "accepted")]
    ]


def test_answer_changes_are_dotted_and_sorted() -> None:
    before = {"version": 1, "checklist": {"a": 1, "b": [1]}, "weights": {}}
    after = {"version": 1, "checklist": {"a": 2, "b": [1]}, "weights": {"security": 1.5}}
    assert [(c.key, c.before, c.after) for c in answer_changes(before, after)] == [
        ("checklist.a", 1, 2),
        ("weights.security", None, 1.5),
    ]


def test_context_escapes_titles_and_counts() -> None:
    review = Review(
        base="origin/main",
        head="HEAD",
        records=(
            RecordChange("added", 7, "Use <b>X</b> @all", f"{D}/0007-x.md", None, "proposed"),
        ),
    )
    ctx = review_context(review)
    assert ctx["summary"] == "1 record added"
    assert ctx["added"][0]["title"] == f"Use &lt;b&gt;X&lt;/b&gt; @{ZWJ}all"


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A realistic PR: the product became an ML-backed public API, so the team re-drafted
    the framework decision (FastAPI supersedes Django), deprecated a record, someone
    proposed a record whose title tries to inject HTML, a mention and a link, and left
    meeting notes in the ADR folder (a warning)."""
    repo = cloned(tmp_path)
    write(
        repo,
        f"{D}/0001-record-architecture-decisions.md",
        nygard(1, "Record architecture decisions"),
    )
    write(
        repo,
        f"{D}/0002-use-celery-for-background-jobs.md",
        nygard(2, "Use Celery for background jobs"),
    )
    write(repo, "pyproject.toml", PYPROJECT)
    draft(repo, ANSWERS_DJANGO)
    commit(repo, "decide the framework")
    publish(repo)
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    draft(repo, ANSWERS_FASTAPI)
    write(
        repo,
        f"{D}/0002-use-celery-for-background-jobs.md",
        nygard(2, "Use Celery for background jobs", "Deprecated"),
    )
    write(
        repo,
        f"{D}/0005-use-redis.md",
        nygard(
            5,
            'Use <script>alert("x")</script> Redis | cc @octocat [see](https://evil.example)',
            "Proposed",
        ),
    )
    write(repo, f"{D}/notes.md", "# Meeting notes\n")
    commit(repo, "move to FastAPI")
    return repo


def test_review_of_a_realistic_pull_request(pull_request: Path, golden) -> None:
    result = run("review", "--repo", str(pull_request))
    assert result.stderr == ""
    assert result.exit_code == 0, result.stdout
    golden(result.stdout, "review-pull-request.md")
    assert "<script" not in result.stdout and "@octocat" not in result.stdout


def test_review_json(pull_request: Path) -> None:
    result = run("review", "--repo", str(pull_request), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["base"] == "origin/main"
    assert [(r["kind"], r["number"]) for r in data["records"]] == [
        ("changed", 2),
        ("changed", 3),
        ("added", 4),
        ("added", 5),
    ]
    assert data["transitions"] == [
        {
            "number": 2,
            "path": f"{D}/0002-use-celery-for-background-jobs.md",
            "from": "accepted",
            "to": "deprecated",
        },
        {
            "number": 3,
            "path": f"{D}/0003-use-django-as-the-backend-framework.md",
            "from": "proposed",
            "to": "superseded",
        },
    ]
    (decision,) = data["decisions"]
    assert (decision["winner"], decision["base_winner"]) == ("FastAPI", "Django")
    assert {"key": "project.type", "before": "business-app", "after": "api"} in decision["answers"]


def test_review_of_another_head_and_problems_exit_1(pull_request: Path) -> None:
    git(pull_request, "switch", "-q", "-c", "broken")
    write(
        pull_request,
        f"{D}/0001-record-architecture-decisions.md",
        nygard(1, "Record architecture decisions", body="Rewritten after the fact."),
    )
    commit(pull_request, "rewrite 1")
    result = run("review", "--repo", str(pull_request))
    assert result.exit_code == 1
    assert "ADR031" in result.stdout
    other = run("review", "--repo", str(pull_request), "--head", "feature")
    assert other.exit_code == 0
    assert "ADR031" not in other.stdout


def test_review_without_base_is_a_git_problem(git_repo: Path) -> None:
    result = run("review", "--repo", str(git_repo))
    assert result.exit_code == 3
    assert result.stderr == (
        "adrtool: error: no base branch to compare with (tried origin/main, origin/master)\n"
        '  hint: pass --base REF (a branch, tag or commit), or run "git fetch origin" first\n'
    )
    # On a local feature branch the hint names the local main branch (review has no
    # --lint-only, so it does not suggest one).
    git(git_repo, "switch", "-q", "-c", "feature")
    local = run("review", "--repo", str(git_repo))
    assert local.exit_code == 3
    assert local.stderr.endswith(
        "  hint: pass --base main to compare with your local main branch, or run "
        '"git fetch origin" first\n'
    )
    assert run("review", "--repo", str(git_repo), "--base", "main").exit_code == 0


def test_golden_review_renders_without_html_links_or_broken_tables() -> None:
    from markdown_it import MarkdownIt

    text = (Path(__file__).parent / "golden" / "review-pull-request.md").read_text("utf-8")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in html and "<a " not in html and "<img" not in html
    # added, changed, ranking (top five, then the rest folded), answers
    assert html.count("<table>") == 5
    added = html.split("<table>")[1].split("</table>")[0]
    rows = added.split("<tr>")[1:]
    assert len(rows) == 3 and all(r.count("<td") + r.count("<th") == 4 for r in rows)


def test_review_of_an_unknown_head(pull_request: Path) -> None:
    result = run("review", "--repo", str(pull_request), "--head", "nope")
    assert result.exit_code == 3
    assert result.stderr == (
        'adrtool: error: "nope" is not a branch, tag or commit here\n'
        "  hint: name a branch, tag or commit that exists here\n"
    )


def test_first_drafted_decision_lists_its_new_answers(tmp_path: Path) -> None:
    repo = cloned(tmp_path)
    write(repo, "pyproject.toml", PYPROJECT)
    commit(repo, "start")
    publish(repo)
    draft(repo, ANSWERS_DJANGO)
    commit(repo, "first decision")
    result = run("review", "--repo", str(repo))
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "ADR 1 *Use Django as the backend framework*.\n**Django** ranks first.\n" in out
    assert "| Rank | Option | Score |\n|---:|---|---:|\n| 1 | Django | " in out
    assert "The answers in `.adrtool/answers/backend-framework.yaml` are new on this branch:" in out
    assert "| `checklist.traffic_growth` | moderate |\n" in out
    assert "`version`" not in out  # the file format version is not an answer


def test_changed_answers_alone_show_the_decision_they_move(tmp_path: Path) -> None:
    repo = cloned(tmp_path)
    write(repo, "pyproject.toml", PYPROJECT)
    draft(repo, ANSWERS_DJANGO)
    commit(repo, "first decision")
    publish(repo)
    write(repo, ANSWERS, ANSWERS_FASTAPI)
    commit(repo, "the product became a public API")
    result = run("review", "--repo", str(repo))
    assert result.exit_code == 1  # check: ADR020, the record is stale
    out = result.stdout
    assert (
        "Comparing `HEAD` with `origin/main`: the answers behind 1 drafted decision changed.\n"
    ) in out
    assert "### Decision: backend-framework\n" in out
    assert (
        "The recommendation changes from **Django** to **FastAPI**.\n"
        "The record still chooses **Django**: re-draft it with `adrtool draft`.\n"
    ) in out
    assert "| `project.type` | business-app | api |\n" in out
    assert "ADR020: stale decision" in out


def test_drafted_decision_without_committed_answers_says_so(tmp_path: Path) -> None:
    repo = cloned(tmp_path)
    write(repo, "pyproject.toml", PYPROJECT)
    commit(repo, "start")
    publish(repo)
    write(repo, ANSWERS, ANSWERS_DJANGO)
    assert run("draft", "--repo", str(repo), "--date", "2026-01-02").exit_code == 0
    result = run("review", "--repo", str(repo))
    assert result.exit_code == 0, result.stdout
    assert (
        "The answers file .adrtool/answers/backend-framework.yaml is not committed on this "
        "branch, so the ranking cannot be recomputed; commit it with the record.\n"
    ) in result.stdout
    assert "No answers changed" not in result.stdout


@given(st.text(max_size=120))
def test_md_text_never_lets_html_mentions_or_table_breaks_through(raw: str) -> None:
    import re

    safe = md_text(raw)
    assert "<" not in safe and ">" not in safe and "\n" not in safe
    assert not re.search(r"@[\w-]", safe)
    assert not re.search(r"(?<!\\)\|", safe)  # every pipe escaped
    assert not re.search(r"(?<!\\)\[", safe)  # no link or image can open


@given(st.text(max_size=80))
def test_md_code_in_a_table_cell_never_ends_the_span_or_the_cell(raw: str) -> None:
    import re

    code = md_code(raw, cell=True)
    inner = code[1:-1]
    assert code.startswith("`") and code.endswith("`") and "`" not in inner
    assert "\n" not in code
    assert not re.search(r"(?<!\\)\|", inner)  # every pipe escaped
