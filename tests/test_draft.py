"""adrtool draft: the pure context builder, then the command against real git repos."""

from __future__ import annotations

import stat
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath

import pytest

from adrtool.decision import context as ctx
from adrtool.decision.model import Flip, Sensitivity, WeightReason
from adrtool.records.parse import parse_record
from adrtool.scan.profile import Evidence, ProjectProfile
from adrtool.services.draft import commit_message
from tests.conftest import git, run
from tests.draft_sample import sample_result

TODAY = date(2026, 11, 23)
INFO = ctx.DraftInfo(
    7,
    "Use Django as the backend framework",
    "proposed",
    TODAY,
    "9.9.9",
    ".adrtool/answers/backend-framework.yaml",
)
PROFILE = ProjectProfile(
    name="ledgerly",
    languages=("python",),
    deployment=("docker",),
    evidence=(
        Evidence("language", "python", "pyproject.toml"),
        Evidence("deployment", "docker", "Dockerfile"),
    ),
)

# -- pure pieces --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("because", "text"),
    [
        ("checklist.security_requirements=high", "security requirements are high"),
        ("checklist.maintenance_horizon=long", "the maintenance horizon is long"),
        ("checklist.integration_requirements=real-time", "the integrations include real-time"),
        ("checklist.internal_expertise=[]", "the team has no expertise that carries over"),
        ("checklist.unknown_key=x", "unknown_key is x"),
        ("weights.security", "the answers file sets a multiplier"),
        ("config.weights.security", "the project config sets a multiplier"),
        ("something else", "something else"),
    ],
)
def test_because_text(because: str, text: str) -> None:
    assert ctx.because_text(because) == text


@pytest.mark.parametrize(
    ("name", "lowered"),
    [
        ("Security", "security"),
        ("API tooling", "API tooling"),
        ("Team fit", "team fit"),
        ("", ""),
    ],
)
def test_lower_first(name: str, lowered: str) -> None:
    assert ctx.lower_first(name) == lowered


@pytest.mark.parametrize(
    ("number", "title", "message"),
    [
        (
            7,
            "Use Django as the backend framework",
            "docs(adr): 0007 use Django as the backend framework",
        ),
        (12, "API first with FastAPI", "docs(adr): 0012 API first with FastAPI"),
        (1, "X", "docs(adr): 0001 x"),
    ],
)
def test_commit_message(number: int, title: str, message: str) -> None:
    assert commit_message(number, title) == message


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ('Say "hi"', "Say 'hi'"),
        ("a`b", "a'b"),
        ("  two   words ", "two words"),
    ],
)
def test_mermaid_label(text: str, label: str) -> None:
    assert ctx.mermaid_label(text) == label


def test_weight_story_names_the_answers_that_moved_it() -> None:
    result = sample_result()
    security = result.weight("security")
    assert security is not None
    assert ctx.weight_story(security, "business-app") == (
        "weight 1.5 for a business application, x1.5 because security requirements are high"
    )
    perf = result.weight("performance")
    assert perf is not None
    assert ctx.weight_story(perf, "api") == (
        "the standard weight for an API-first service (0.75), not changed by the answers"
    )
    off = replace(perf, reasons=(WeightReason(0.0, 0.0, "checklist.internal_expertise=[]"),))
    assert "switched off because the team has no expertise" in ctx.weight_story(off, "mvp")


@pytest.mark.parametrize(
    ("flip", "survival", "verdict", "phrase"),
    [
        (None, 0.98, "robust", "No single criterion changes the winner"),
        (Flip("performance", 3.5, "fastapi"), 0.95, "robust", "with 3.5 times its weight, FastAPI"),
        (
            Flip("performance", 1.4, "fastapi"),
            0.95,
            "sensitive",
            "FastAPI is a credible alternative",
        ),
        (Flip("security", 0.6, "fastapi"), 0.5, "close call", "with 40% less weight, FastAPI"),
    ],
)
def test_robustness_in_words(flip: Flip | None, survival: float, verdict: str, phrase: str) -> None:
    sens = Sensitivity(
        "django",
        "fastapi",
        14.4,
        flips=(flip,) if flip else (),
        jitter_draws=500,
        jitter_survival=survival,
    )
    got_verdict, lines = ctx.robustness(
        sample_result(sensitivity=sens), {"django": "Django", "fastapi": "FastAPI"}
    )
    assert got_verdict == verdict
    assert phrase in " ".join(lines)
    assert f"stays first in {survival:.0%} of them" in " ".join(lines)


def test_robustness_with_a_single_option() -> None:
    sens = Sensitivity("django", None, 0.0)
    assert ctx.robustness(sample_result(sensitivity=sens), {})[0] == "unopposed"


def test_versus_says_where_a_rejected_option_lost_and_gained() -> None:
    result = sample_result()
    winner, gin = result.ranking[0], result.ranking[2]
    vs = ctx.versus(result, winner, gin)
    assert vs["sentence"] == (
        "Gin ends 43.2 points behind Django: it loses 21.6 on security, 16.0 on team fit and "
        "12.8 on productivity, and gains 7.2 on performance."
    )
    assert [i["criterion"] for i in vs["lost"]] == ["security", "team_fit", "productivity"]


def test_context_says_what_was_inferred_excluded_and_chosen() -> None:
    c = ctx.build_context(sample_result(), PROFILE, INFO)
    rows = {r["key"]: r for r in c["answers"]}
    assert rows["internal_expertise"]["inferred"] is True
    assert rows["internal_expertise"]["source"].startswith("inferred: languages found")
    assert rows["project_complexity"]["source"] == "answered"
    assert c["inferred"] == ["team expertise"]
    assert c["excluded"] == [
        {"id": "flask", "name": "Flask", "reason": "excluded by constraints.exclude"}
    ]
    assert c["constraints"] == ["never Flask"]
    assert c["chosen"]["name"] == "Django" and c["chosen"]["margin"] == "20.0"
    assert [d["id"] for d in c["drivers"]] == [
        "security",
        "productivity",
        "team_fit",
        "performance",
    ]
    assert c["drivers"][0]["share"] == 36
    assert c["chart"] == {
        "labels": ["Django", "FastAPI", "Gin"],
        "scores": ["88.8", "68.8", "45.6"],
    }
    assert c["table"]["rows"][2]["cells"] == ["2", "–", "0", "5"]
    assert any("inferred rather than answered" in b for b in c["bad"])
    assert c["repo_story"].startswith("The repository is written in Python (`pyproject.toml`)")
    assert c["rerun"] == "adrtool draft --answers .adrtool/answers/backend-framework.yaml"


def test_context_with_every_option_excluded() -> None:
    result = sample_result(ranking=(), sensitivity=Sensitivity(None, None, 0.0))
    c = ctx.build_context(result, ProjectProfile(), INFO)
    assert c["chosen"] is None and c["good"] == [] and c["pros_cons"] == []
    assert c["repo_story"].startswith("The scan found no source code")
    assert ctx.default_title(result) == "Choose the backend framework"


def test_sources_count_confidence_and_list_the_top_options() -> None:
    c = ctx.build_context(sample_result(), PROFILE, INFO)
    assert c["sources"]["summary"] == (
        "Of the 9 catalog ratings behind the scores, 3 rest on the project's own repository or "
        "documentation, 5 rest on third-party sources or a documented rule and 1 is unrated and "
        "counted as a neutral 3."
    )
    assert [s["id"] for s in c["sources"]["items"]] == ["S2", "S1"]


@pytest.mark.parametrize("template", ["draft-madr.md.j2", "draft-nygard.md.j2"])
def test_rendered_record_reads_back_with_its_provenance(template: str) -> None:
    from adrtool.render import render

    text = render(template, ctx.build_context(sample_result(), PROFILE, INFO))
    record = parse_record(text, PurePosixPath("docs/decisions/0007-use-django.md"))
    assert record.title == "Use Django as the backend framework"
    assert record.status == "proposed"
    assert ctx.read_provenance(record.front_matter, record.text) == {
        "topic": "backend-framework",
        "catalog": "demo-catalog",
        "catalog-version": "2026.1",
        "inputs-sha256": "ab" * 32,
        "adrtool-version": "9.9.9",
    }
    assert "Django \\| the summary" not in text or "|" in text  # summaries are not table cells


def test_read_provenance_of_an_ordinary_record_is_none() -> None:
    assert ctx.read_provenance({"status": "accepted"}, "# 1. Title\n") is None


# -- the command, on real repositories ---------------------------------------------------------

ANSWERS = """\
version: 1
project:
  name: Ledgerly
  type: {type}
checklist:
  security_requirements: high
  internal_expertise: [python]
"""


def _project(repo: Path, project_type: str = "business-app") -> Path:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "ledgerly"\nversion = "1"\n', encoding="utf-8"
    )
    answers = repo / ".adrtool" / "answers" / "backend-framework.yaml"
    answers.parent.mkdir(parents=True)
    answers.write_text(ANSWERS.format(type=project_type), encoding="utf-8")
    git(repo, "add", "pyproject.toml", ".adrtool")
    git(repo, "commit", "-q", "-m", "project")
    return answers


def _draft(repo: Path, *args: str):
    return run("draft", "--repo", str(repo), "--date", "2026-11-23", *args)


RECORD = "docs/decisions/0001-use-django-as-the-backend-framework.md"


def test_draft_commits_exactly_the_record_and_keeps_the_users_work(git_repo: Path) -> None:
    _project(git_repo)
    (git_repo / "staged.py").write_text("x = 1\n", encoding="utf-8")
    git(git_repo, "add", "staged.py")
    (git_repo / "README.md").write_text("# edited, not staged\n", encoding="utf-8")

    result = _draft(git_repo)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == RECORD + "\n"
    assert f"wrote {RECORD} (ADR 1, Use Django as the backend framework)" in result.stderr
    assert "docs(adr): 0001 use Django as the backend framework" in result.stderr
    shown = git(git_repo, "show", "--name-only", "--format=%s", "HEAD").split("\n")
    assert shown[0] == "docs(adr): 0001 use Django as the backend framework"
    assert [line for line in shown[1:] if line] == [RECORD]
    assert git(git_repo, "diff", "--cached", "--name-only").split() == ["staged.py"]
    assert git(git_repo, "diff", "--name-only").split() == ["README.md"]
    text = (git_repo / RECORD).read_text(encoding="utf-8")
    assert text.startswith("---\nstatus: proposed\ndate: 2026-11-23\n")
    assert "inputs-sha256: " in text and "## Decision Outcome" in text


def test_redraft_with_same_inputs_changes_nothing(git_repo: Path) -> None:
    _project(git_repo)
    assert _draft(git_repo).exit_code == 0
    head = git(git_repo, "rev-parse", "HEAD")
    again = _draft(git_repo)
    assert again.exit_code == 0
    assert again.stderr.startswith(f"unchanged: {RECORD} already records this decision")
    assert again.stdout == RECORD + "\n"
    assert git(git_repo, "rev-parse", "HEAD") == head
    assert sorted(p.name for p in (git_repo / "docs/decisions").iterdir()) == [Path(RECORD).name]


def test_redraft_with_changed_answers_supersedes_the_previous_record(git_repo: Path) -> None:
    answers = _project(git_repo)
    assert _draft(git_repo).exit_code == 0
    answers.write_text(ANSWERS.format(type="api"), encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "we are API-first now")

    result = _draft(git_repo)

    assert result.exit_code == 0, result.stderr
    new = result.stdout.strip()
    assert new.startswith("docs/decisions/0002-")
    assert "superseded ADR 1; both records link to each other" in result.stderr
    names = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(names) == sorted([RECORD, new])
    from adrtool.config import Config
    from adrtool.records.store import load_folder

    records = load_folder(git_repo, git_repo / "docs/decisions").records
    assert [(r.number, r.status) for r in records] == [(1, "superseded"), (2, "proposed")]
    assert records[0].superseded_by == (2,) and records[1].supersedes == (1,)
    assert Config().default_status == "proposed"


def test_status_option_sets_the_initial_status(git_repo: Path) -> None:
    _project(git_repo)
    result = _draft(git_repo, "--status", "accepted", "--no-commit")
    assert result.exit_code == 0, result.stderr
    assert "status: accepted\n" in (git_repo / RECORD).read_text(encoding="utf-8")
    bad = _draft(git_repo, "--status", "acceptd")
    assert bad.exit_code == 2
    assert 'unknown status "acceptd" (did you mean "accepted"?)' in bad.stderr


def test_merge_in_progress_refuses_and_writes_nothing(git_repo: Path) -> None:
    _project(git_repo)
    git(git_repo, "checkout", "-q", "-b", "other")
    (git_repo / "README.md").write_text("# other\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "other")
    git(git_repo, "checkout", "-q", "main")
    (git_repo / "README.md").write_text("# main\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "main")
    subprocess.run(["git", "merge", "other"], cwd=git_repo, capture_output=True, check=False)

    result = _draft(git_repo)

    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"adrtool: error: {git_repo.resolve()}: the repository has unresolved conflicts (README.md)"
    )
    assert "--no-commit" in result.stderr
    assert not (git_repo / "docs").exists()


def test_rejecting_pre_commit_hook_leaves_the_record_and_exits_3(git_repo: Path) -> None:
    _project(git_repo)
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy: ADRs need a ticket' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    head = git(git_repo, "rev-parse", "HEAD")

    result = _draft(git_repo)

    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"adrtool: error: wrote {RECORD}, but git commit failed (a hook or signing refused it): "
        "policy: ADRs need a ticket"
    )
    assert f"git commit -- {RECORD}" in result.stderr
    assert (git_repo / RECORD).is_file()
    assert git(git_repo, "rev-parse", "HEAD") == head


def test_no_answers_and_no_terminal_fails_clearly(git_repo: Path) -> None:
    result = _draft(git_repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "adrtool: error: .adrtool/answers/backend-framework.yaml: no answers file, and "
        "project.type cannot be inferred",
        '  hint: run "adrtool checklist --defaults" to write '
        ".adrtool/answers/backend-framework.yaml from the scan, set project.type in it, then "
        "draft again (or pass --answers FILE)",
    ]
    assert not (git_repo / "docs").exists()


def test_answers_without_a_project_type_fail_clearly(git_repo: Path) -> None:
    answers = _project(git_repo)
    answers.write_text("version: 1\nchecklist:\n  security_requirements: high\n", encoding="utf-8")
    result = _draft(git_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "adrtool: error: .adrtool/answers/backend-framework.yaml: project.type is required"
    )


def test_outside_a_repository_writes_and_says_not_committed(tmp_path: Path) -> None:
    _write_answers(tmp_path)
    result = _draft(tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "not committed: not a git repository" in result.stderr
    assert (tmp_path / RECORD).is_file()


def _write_answers(folder: Path, name: str = "answers.yaml") -> Path:
    path = folder / ".adrtool" / "answers" / "backend-framework.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(ANSWERS.format(type="mvp"), encoding="utf-8")
    return path


def test_dry_run_prints_the_record_and_the_plan_and_writes_nothing(git_repo: Path) -> None:
    _project(git_repo)
    result = _draft(git_repo, "--dry-run", "--branch", "adr/backend")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\nstatus: proposed\n")
    assert "# Use Django as the backend framework" in result.stdout
    assert result.stderr.splitlines() == [
        "dry run: nothing written. Planned:",
        "  branch adr/backend (create and switch to it)",
        "  create-folder docs/decisions",
        f"  create {RECORD} (status proposed)",
        "  commit docs(adr): 0001 use Django as the backend framework",
    ]
    assert not (git_repo / "docs").exists()
    assert git(git_repo, "branch", "--show-current").strip() == "main"


def test_no_commit_writes_only(git_repo: Path) -> None:
    _project(git_repo)
    head = git(git_repo, "rev-parse", "HEAD")
    result = _draft(git_repo, "--no-commit")
    assert result.exit_code == 0
    assert "not committed: --no-commit" in result.stderr
    assert git(git_repo, "rev-parse", "HEAD") == head
    assert "?? docs/" in git(git_repo, "status", "--porcelain")


def test_branch_creates_a_branch_and_commits_there(git_repo: Path) -> None:
    _project(git_repo)
    result = _draft(git_repo, "--branch", "adr/backend", "--title", "Pick Django | for now")
    assert result.exit_code == 0, result.stderr
    assert git(git_repo, "branch", "--show-current").strip() == "adr/backend"
    assert (
        git(git_repo, "log", "-1", "--format=%s").strip() == "docs(adr): 0001 pick Django | for now"
    )


def test_branch_that_exists_is_refused_before_writing(git_repo: Path) -> None:
    _project(git_repo)
    git(git_repo, "branch", "adr/backend")
    taken = _draft(git_repo, "--branch", "adr/backend")
    assert taken.exit_code == 3
    assert 'branch "adr/backend" already exists' in taken.stderr
    assert not (git_repo / "docs").exists()


def test_nygard_folder_gets_a_nygard_record_and_supersession(git_repo: Path) -> None:
    answers = _project(git_repo)
    folder = git_repo / "doc" / "adr"
    folder.mkdir(parents=True)
    (folder / "0001-record-architecture-decisions.md").write_text(
        "# 1. Record architecture decisions\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
        encoding="utf-8",
    )
    git(git_repo, "add", "doc")
    git(git_repo, "commit", "-q", "-m", "adr-tools")
    first = _draft(git_repo)
    assert first.exit_code == 0, first.stderr
    path = git_repo / first.stdout.strip()
    assert path.name == "0002-use-django-as-the-backend-framework.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# 2. Use Django as the backend framework\n\nDate: 2026-11-23\n\n## Status\n\nProposed\n"
    )
    assert "<!-- adrtool provenance" in text

    answers.write_text(ANSWERS.format(type="real-time"), encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "real-time now")
    second = _draft(git_repo)
    assert second.exit_code == 0, second.stderr
    old = path.read_text(encoding="utf-8")
    assert "## Status\n\nSuperseded by [3. " in old
    new = (git_repo / second.stdout.strip()).read_text(encoding="utf-8")
    assert (
        "Supersedes [2. Use Django as the backend framework]"
        "(0002-use-django-as-the-backend-framework.md)" in new
    )


def test_repo_template_override_is_used(git_repo: Path) -> None:
    _project(git_repo)
    local = git_repo / ".adrtool" / "templates"
    local.mkdir(parents=True)
    (local / "draft-madr.md.j2").write_text(
        "# {{ title }}\n\nChosen: {{ chosen.name }} ({{ chosen.score }})\n", encoding="utf-8"
    )
    result = _draft(git_repo, "--no-commit")
    assert result.exit_code == 0, result.stderr
    assert (
        (git_repo / RECORD)
        .read_text(encoding="utf-8")
        .startswith("# Use Django as the backend framework\n\nChosen: Django (")
    )


def test_unknown_template_is_a_usage_error(git_repo: Path) -> None:
    _project(git_repo)
    result = _draft(git_repo, "--template", "nygrd")
    assert result.exit_code == 2
    assert 'unknown template "nygrd" (did you mean "nygard"?)' in result.stderr


def test_example_runs_the_whole_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run("draft", "--example", "--date", "2026-11-23")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\nstatus: proposed\ndate: 2026-11-23\n")
    assert "# Use Django as the backend framework" in result.stdout
    assert "This ADR was drafted in a demo repository: " in result.stderr
    demo = next(tmp_path.glob("adrtool-example-*/ledgerly"))
    assert (demo / RECORD).read_text(encoding="utf-8") == result.stdout
    log = git(demo, "log", "--format=%s").splitlines()
    assert log == ["docs(adr): 0001 use Django as the backend framework", "Start Ledgerly"]


def test_help_names_every_option() -> None:
    result = run("draft", "--help")
    assert result.exit_code == 0
    for option in (
        "--answers",
        "--title",
        "--no-commit",
        "--branch",
        "--dry-run",
        "--status",
        "--template",
        "--date",
        "--example",
        "--catalog",
    ):
        assert option in result.stdout


def test_catalog_option_drafts_another_topic_beside_the_framework(git_repo: Path) -> None:
    """A second decision topic (the shipped message-queues catalog) gets its own record, and
    the framework decision neither supersedes it nor is superseded by it."""
    _project(git_repo)
    queue = git_repo / ".adrtool" / "answers" / "message-queue.yaml"
    queue.write_text(
        "version: 1\nproject: {type: real-time}\nchecklist: {internal_expertise: [nats]}\n",
        encoding="utf-8",
    )
    git(git_repo, "add", ".adrtool")
    git(git_repo, "commit", "-q", "-m", "queue answers")

    first = _draft(git_repo, "--catalog", "message-queues")

    assert first.exit_code == 0, first.stderr
    assert first.stdout == "docs/decisions/0001-use-nats-as-the-message-queue.md\n"
    text = (git_repo / first.stdout.strip()).read_text(encoding="utf-8")
    assert "topic: message-queue\n" in text and "catalog: message-queues\n" in text
    assert "needs a message queue" in text
    assert "docs(adr): 0001 use NATS as the message queue" in first.stderr
    # by topic as well as by catalog id: same inputs, nothing new
    again = _draft(git_repo, "--catalog", "message-queue")
    assert again.exit_code == 0 and again.stderr.startswith("unchanged: ")

    second = _draft(git_repo)

    assert second.exit_code == 0, second.stderr
    assert second.stdout.startswith("docs/decisions/0002-use-django-as-the-backend-framework")
    assert "superseded" not in second.stderr
    after = (git_repo / first.stdout.strip()).read_text(encoding="utf-8")
    assert after == text  # the queue record is untouched
    unknown = _draft(git_repo, "--catalog", "databases")
    assert unknown.exit_code == 2 and "databases" in unknown.stderr


def test_on_a_terminal_the_checklist_comes_first(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import adrtool.commands.draft as draft_command

    monkeypatch.setattr(draft_command, "_interactive", lambda: True)
    (git_repo / "pyproject.toml").write_text('[project]\nname = "tasklet"\n', encoding="utf-8")
    git(git_repo, "add", "pyproject.toml")
    git(git_repo, "commit", "-q", "-m", "project")
    result = run(
        "draft", "--repo", str(git_repo), "--date", "2026-11-23", input="api\n" + "\n" * 10
    )
    assert result.exit_code == 0, result.stderr
    assert "No answers yet: the checklist questions come first." in result.stderr
    answers = ".adrtool/answers/backend-framework.yaml"
    assert "  type: api" in (git_repo / answers).read_text(encoding="utf-8")
    committed = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == sorted([answers, result.stdout.strip().splitlines()[-1]])


def test_uncommitted_answers_are_pointed_out(git_repo: Path) -> None:
    answers = _write_answers(git_repo)
    result = _draft(git_repo)
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: .adrtool/answers/backend-framework.yaml is not in git; commit it so reviewers "
        "can re-run this decision"
    ) in result.stderr
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").split() == [RECORD]
    assert answers.is_file()


def test_dry_run_of_a_redraft_plans_the_supersession(git_repo: Path) -> None:
    answers = _project(git_repo)
    assert _draft(git_repo).exit_code == 0
    answers.write_text(ANSWERS.format(type="enterprise"), encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "enterprise now")
    before = (git_repo / RECORD).read_text(encoding="utf-8")
    result = _draft(git_repo, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"  update {RECORD} (superseded by ADR-0002)" in result.stderr.splitlines()
    assert (git_repo / RECORD).read_text(encoding="utf-8") == before
    assert len(list((git_repo / "docs/decisions").iterdir())) == 1


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        (None, "madr"),
        ("nygard", "nygard"),
        ("custom.md.j2", "custom.md.j2"),
        ("doc/adr/template.md", "nygard"),  # adr-tools' plain template: follow its style
        ("missing.md", "madr"),
    ],
)
def test_choose_template_from_the_config(
    tmp_path: Path, configured: str | None, expected: str
) -> None:
    from adrtool.config import Config
    from adrtool.services.draft import choose_template

    plain = tmp_path / "doc" / "adr" / "template.md"
    plain.parent.mkdir(parents=True)
    plain.write_text("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n", encoding="utf-8")
    assert choose_template(None, Config(template=configured), [], tmp_path) == expected


def test_redraft_refuses_when_the_old_record_has_uncommitted_edits(git_repo: Path) -> None:
    answers = _project(git_repo)
    assert _draft(git_repo).exit_code == 0
    record = git_repo / RECORD
    record.write_text(
        record.read_text(encoding="utf-8") + "\nA reviewer's note.\n", encoding="utf-8"
    )
    answers.write_text(ANSWERS.format(type="api"), encoding="utf-8")
    git(git_repo, "commit", "-q", "-m", "api", "--", str(answers))
    result = _draft(git_repo)
    assert result.exit_code == 3
    assert f"adrtool: error: {RECORD}: has uncommitted changes" in result.stderr
    assert "--no-commit" in result.stderr
    assert len(list((git_repo / "docs/decisions").iterdir())) == 1
    assert record.read_text(encoding="utf-8").endswith("A reviewer's note.\n")


def _rec(n: int, status: str, topic: str | None, sha: str = "x") -> object:
    fm = f"topic: {topic}\ninputs-sha256: {sha}\n" if topic else ""
    text = f"---\nstatus: {status}\n{fm}---\n# Record {n}\n"
    return parse_record(text, PurePosixPath(f"docs/decisions/{n:04d}-r.md"))


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([], None),
        ([(1, "accepted", None)], None),  # hand-written: no provenance
        ([(1, "accepted", "backend-framework")], 1),
        ([(1, "superseded", "backend-framework"), (2, "proposed", "backend-framework")], 2),
        ([(1, "accepted", "backend-framework"), (2, "proposed", "message-queue")], 1),
        ([(1, "rejected", "backend-framework")], None),
        ([(3, "accepted", "backend-framework"), (5, "accepted", "backend-framework")], 5),
    ],
)
def test_previous_draft(records: list[tuple[int, str, str | None]], expected: int | None) -> None:
    from adrtool.services.draft import previous_draft

    found = previous_draft([_rec(*r) for r in records], "backend-framework")  # type: ignore[misc]
    assert (found[0].number if found else None) == expected
