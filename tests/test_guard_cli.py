"""``adrtool check`` end to end on real git repositories with a base branch and feature branches."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, run
from tests.guard_repos import (
    ANSWERS,
    ANSWERS_DJANGO,
    ANSWERS_DJANGO_HIRING,
    ANSWERS_FASTAPI,
    PYPROJECT,
    PYPROJECT_FASTAPI,
    D,
    commit,
    draft,
    nygard,
    write,
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone of a bare "origin" whose main has three accepted records and a Django app."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    write(
        work,
        f"{D}/0001-record-architecture-decisions.md",
        nygard(1, "Record architecture decisions"),
    )
    write(work, f"{D}/0002-use-postgresql.md", nygard(2, "Use PostgreSQL"))
    write(work, f"{D}/0003-use-django.md", nygard(3, "Use Django"))
    write(work, "pyproject.toml", PYPROJECT)
    commit(work, "start")
    git(work, "push", "-q", "origin", "HEAD:main")
    git(work, "fetch", "-q", "origin")
    git(work, "switch", "-q", "-c", "feature")
    return work


def check(repo: Path, *args: str, env: dict[str, str] | None = None):
    return run("check", "--repo", str(repo), *args, env=env)


def test_clean_branch_passes(repo: Path) -> None:
    write(repo, "README.md", "# shop\n")
    commit(repo, "docs")
    result = check(repo)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "adrtool check: 3 records, no problems (compared with origin/main)\n"


def merged_on_main_first(repo: Path, rel: str, text: str) -> None:
    """Another branch adds ``rel`` and is merged into main; then we are back on "feature"."""
    git(repo, "switch", "-q", "-c", "other", "origin/main")
    write(repo, rel, text)
    commit(repo, f"add {rel}")
    git(repo, "push", "-q", "origin", "other:main")
    git(repo, "fetch", "-q", "origin")
    git(repo, "switch", "-q", "feature")


def test_two_branches_adding_the_same_number_collide(repo: Path) -> None:
    # Another branch adds ADR 0004 and is merged into main first; ours adds its own 0004.
    merged_on_main_first(repo, f"{D}/0004-use-kafka.md", nygard(4, "Use Kafka"))
    write(repo, f"{D}/0004-use-rabbitmq.md", nygard(4, "Use RabbitMQ"))
    commit(repo, "rabbitmq")
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{D}/0004-use-rabbitmq.md:1: ADR030 number 4 is already taken on origin/main by "
        f'{D}/0004-use-kafka.md; merge origin/main and run "adrtool renumber" to give this '
        "record the next free number\n"
    )
    assert result.stderr == "adrtool check: 4 records, 1 error (compared with origin/main)\n"
    # git itself sees no conflict: the merge is clean, which is why check must catch it.
    git(repo, "merge", "-q", "--no-edit", "origin/main")
    after = check(repo)
    assert after.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in after.stdout.splitlines()] == [
        "ADR007",
        "ADR030",
    ]
    # renumber moves this branch's record (added later) to 5, and check passes.
    moved = run("renumber", "--repo", str(repo))
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout == f"moved {D}/0004-use-rabbitmq.md -> {D}/0005-use-rabbitmq.md\n"
    commit(repo, "renumber")
    fixed = check(repo)
    assert (fixed.exit_code, fixed.stdout) == (0, ""), fixed.stdout
    assert (repo / D / "0005-use-rabbitmq.md").read_text("utf-8").startswith("# 5. Use RabbitMQ")


def both_added_adr_4_and_merged(repo: Path) -> None:
    """Our branch's ADR 0004 was written first; main's ADR 0004 was merged into it later."""
    write(repo, f"{D}/0004-use-rabbitmq.md", nygard(4, "Use RabbitMQ"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "rabbitmq", "--date", "2024-01-01T00:00:00")
    merged_on_main_first(repo, f"{D}/0004-use-sqs.md", nygard(4, "Use SQS"))
    git(repo, "merge", "-q", "--no-edit", "origin/main")


def test_renumbering_the_base_branchs_record_is_reported(repo: Path) -> None:
    both_added_adr_4_and_merged(repo)
    # renumber keeps the record on the base branch (origin/main), so our own record moves ...
    ours = run("renumber", "--repo", str(repo), "--dry-run")
    assert ours.stdout == f"would move {D}/0004-use-rabbitmq.md -> {D}/0005-use-rabbitmq.md\n"
    # ... but told to compare with our own pre-merge commit, it moves main's record ...
    moved = run("renumber", "--repo", str(repo), "--base", "HEAD^1")
    assert moved.stdout == f"moved {D}/0004-use-sqs.md -> {D}/0005-use-sqs.md\n"
    commit(repo, "renumber")
    # ... and check says so, instead of calling it a text rewrite.
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{D}/0005-use-sqs.md:1: ADR031 record 4 is accepted on origin/main but this branch "
        "renumbered it to 5; restore it from origin/main and give this branch's own record "
        "the next free number instead\n"
    )


def test_renumber_after_a_collision_moves_the_branch_record_and_check_passes(repo: Path) -> None:
    both_added_adr_4_and_merged(repo)
    moved = run("renumber", "--repo", str(repo))
    assert moved.stdout == f"moved {D}/0004-use-rabbitmq.md -> {D}/0005-use-rabbitmq.md\n"
    commit(repo, "renumber")
    result = check(repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_collision_of_a_madr_record_points_at_its_title(repo: Path) -> None:
    merged_on_main_first(repo, f"{D}/0004-use-kafka.md", nygard(4, "Use Kafka"))
    madr = "---\nstatus: proposed\ndate: 2024-05-01\n---\n\n# Use NATS\n\n## Context\n\nx\n"
    write(repo, f"{D}/0004-use-nats.md", madr)
    commit(repo, "nats")
    result = check(repo, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"::error file={D}/0004-use-nats.md,line=6,title=ADR030 number-taken::number 4 is "
    )


def test_same_number_on_the_branch_that_merged_first_passes(repo: Path) -> None:
    write(repo, f"{D}/0004-use-kafka.md", nygard(4, "Use Kafka"))
    commit(repo, "kafka")
    assert check(repo).exit_code == 0


def test_framework_added_without_a_record_fails(repo: Path) -> None:
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    commit(repo, "add fastapi")
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout == (
        "pyproject.toml:6: ADR032 fastapi was added on this branch but no record for topic "
        '"backend-framework" was added or changed; run "adrtool draft" (or add a record with '
        '"topic: backend-framework") in this branch\n'
    )


DRAFTED = """---
status: proposed
date: 2024-03-01
topic: backend-framework
catalog: backend-framework@1
inputs: hand-written, not drafted
---
# Use FastAPI for the public API

## Context and Problem Statement

The public API needs async I/O.
"""


def test_framework_added_with_a_hand_written_topic_record_passes(repo: Path) -> None:
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    write(repo, f"{D}/0004-use-fastapi-for-the-public-api.md", DRAFTED)
    commit(repo, "add fastapi with its decision")
    result = check(repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_framework_already_used_on_base_is_not_new(repo: Path) -> None:
    write(repo, "requirements.txt", "django==5.0\n")
    commit(repo, "pin django")
    assert check(repo).exit_code == 0


def test_rewritten_accepted_record_fails(repo: Path) -> None:
    write(
        repo,
        f"{D}/0002-use-postgresql.md",
        nygard(2, "Use PostgreSQL", body="We need to choose, and MySQL was cheaper."),
    )
    commit(repo, "rewrite history")
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{D}/0002-use-postgresql.md:11: ADR031 record 2 is accepted on origin/main but this "
        "branch changed text beyond its status and links; supersede it instead: adrtool new "
        '-s 2 "New title"\n'
    )


def test_deleting_a_merged_record_fails_but_a_proposal_may_go(repo: Path) -> None:
    git(repo, "rm", "-q", f"{D}/0002-use-postgresql.md")
    commit(repo, "forget the database decision")
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{D}/0002-use-postgresql.md: ADR031 record 2 is accepted on origin/main but this "
        "branch deleted it; keep it and mark it deprecated or superseded instead: adrtool "
        "status 2 deprecated\n"
    )
    git(repo, "revert", "--no-edit", "HEAD")
    write(repo, f"{D}/0004-maybe.md", nygard(4, "Maybe", "Proposed"))
    commit(repo, "propose")
    git(repo, "push", "-q", "origin", "feature:main")
    git(repo, "fetch", "-q", "origin")
    git(repo, "rm", "-q", f"{D}/0004-maybe.md")
    commit(repo, "withdraw the proposal")
    assert check(repo).exit_code == 0


def test_status_and_link_change_passes(repo: Path) -> None:
    write(
        repo,
        f"{D}/0002-use-postgresql.md",
        nygard(
            2,
            "Use PostgreSQL",
            "Superseded",
            "Superseded by [4. Use CockroachDB](0004-use-cockroachdb.md)",
        ),
    )
    write(
        repo,
        f"{D}/0004-use-cockroachdb.md",
        nygard(
            4, "Use CockroachDB", links="Supersedes [2. Use PostgreSQL](0002-use-postgresql.md)"
        ),
    )
    commit(repo, "supersede 2")
    result = check(repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_proposed_record_may_still_be_edited(repo: Path) -> None:
    write(repo, f"{D}/0004-use-redis.md", nygard(4, "Use Redis", "Proposed"))
    commit(repo, "propose")
    git(repo, "push", "-q", "origin", "HEAD:main")
    git(repo, "fetch", "-q")
    write(repo, f"{D}/0004-use-redis.md", nygard(4, "Use Redis", "Proposed", body="Rewritten."))
    commit(repo, "edit proposal")
    assert check(repo).exit_code == 0


def test_shallow_clone_is_a_git_problem(repo: Path, tmp_path: Path) -> None:
    git(repo, "push", "-q", "origin", "feature")
    shallow = tmp_path / "shallow"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "feature",
        f"file://{tmp_path / 'origin.git'}",
        str(shallow),
    )
    result = check(shallow)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "adrtool: error: this clone is shallow; comparing with the base branch needs the history "
        "back to where the branch forked\n"
        '  hint: use fetch-depth: 0 with actions/checkout (or run "git fetch --unshallow"); '
        "to skip the branch rules, pass --lint-only\n"
    )


def test_no_base_branch_is_a_git_problem(git_repo: Path) -> None:
    result = check(git_repo)
    assert result.exit_code == 3
    assert result.stderr == (
        "adrtool: error: no base branch to compare with (tried origin/main, origin/master)\n"
        '  hint: pass --base REF (a branch, tag or commit), or run "git fetch origin" first; '
        "to skip the branch rules, pass --lint-only\n"
    )
    git(git_repo, "switch", "-q", "-c", "feature")
    local = check(git_repo)
    assert local.exit_code == 3
    assert local.stderr.endswith(
        "  hint: pass --base main to compare with your local main branch, or run "
        '"git fetch origin" first; to skip the branch rules, pass --lint-only\n'
    )
    assert check(git_repo, "--base", "main").exit_code == 0
    assert check(git_repo, "--lint-only").exit_code == 0


def test_unknown_base_is_a_git_problem(repo: Path) -> None:
    result = check(repo, "--base", "origin/nope")
    assert result.exit_code == 3
    assert result.stderr.startswith('adrtool: error: base "origin/nope" is not a branch, tag or')


def test_github_base_ref_is_used(repo: Path) -> None:
    git(repo, "push", "-q", "origin", "origin/main:refs/heads/release")
    git(repo, "fetch", "-q")
    result = check(repo, env={"GITHUB_BASE_REF": "release"})
    assert result.exit_code == 0
    assert result.stderr.endswith("(compared with origin/release)\n")


def test_require_topic(repo: Path) -> None:
    result = check(repo, "--require", "backend-framework")
    assert result.exit_code == 1
    assert result.stdout == (
        f'{D}: ADR010 no accepted record for topic "backend-framework"; run "adrtool draft" or '
        'add a record with "topic: backend-framework" in its front matter\n'
    )
    write(
        repo,
        f"{D}/0004-use-django-as-backend-framework.md",
        nygard(4, "Use Django as backend framework"),
    )
    commit(repo, "decide")
    assert check(repo, "--require", "backend-framework").exit_code == 0


def test_require_from_config_with_proposed_allowed(repo: Path) -> None:
    write(
        repo,
        ".adrtool.yaml",
        "check:\n  require: [messaging]\n  require_status: [accepted, proposed]\n",
    )
    write(
        repo,
        f"{D}/0004-pick-messaging.md",
        "---\nstatus: proposed\ntopic: messaging\n---\n# Pick messaging\n\nText.\n",
    )
    commit(repo, "propose messaging")
    result = check(repo)
    assert result.exit_code == 0, result.stdout


def test_json_and_github_formats(repo: Path) -> None:
    write(repo, f"{D}/0004-x.md", nygard(4, "X", "Approved"))
    commit(repo, "x")
    result = check(repo, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [
        {
            "path": f"{D}/0004-x.md",
            "line": 7,
            "code": "ADR003",
            "message": 'unknown status "Approved"; use one of: proposed, accepted, rejected, '
            "deprecated, superseded",
            "severity": "error",
        }
    ]
    gh = check(repo, "--format", "github")
    assert gh.stdout == (
        f"::error file={D}/0004-x.md,line=7,title=ADR003 unknown-status::unknown status "
        '"Approved"; use one of%3A proposed, accepted, rejected, deprecated, '
        "superseded\n".replace("%3A", ":")
    )


def test_severity_config_downgrades_to_warning(repo: Path) -> None:
    write(repo, ".adrtool.yaml", "check:\n  severity:\n    ADR003: warning\n")
    write(repo, f"{D}/0004-x.md", nygard(4, "X", "Approved"))
    commit(repo, "x")
    result = check(repo)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{D}/0004-x.md:7: ADR003 warning: unknown status")


def test_unknown_severity_code_is_a_config_error(repo: Path) -> None:
    write(repo, ".adrtool.yaml", "check:\n  severity:\n    ADR0310: off\n")
    result = check(repo)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "adrtool: error: .adrtool.yaml: check.severity: unknown rule "
        '"ADR0310" (did you mean "ADR031"?)\n'
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (".adrtool.yaml", "adr_dirx: docs/adr\n", '.adrtool.yaml:1: unknown key "adr_dirx"'),
        (".adrtool.yaml", "check: [\n", ".adrtool.yaml:2: invalid YAML"),
        ("pyproject.toml", "[tool.adrtool]\nfoo = 1\n", 'pyproject.toml: unknown key "foo"'),
    ],
)
def test_config_errors_name_the_file_relative_to_the_repo(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    write(tmp_path, name, text)
    result = check(tmp_path, "--lint-only")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"adrtool: error: {message}")


def test_no_adr_folder_yet_passes_unless_a_topic_is_required(tmp_path: Path) -> None:
    result = check(tmp_path, "--lint-only")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "adrtool check: no ADR folder yet, no problems\n"
    required = check(tmp_path, "--lint-only", "--require", "backend-framework")
    assert required.exit_code == 1
    assert required.stdout.startswith(
        'docs/decisions: ADR010 no accepted record for topic "backend-framework"; '
    )


@pytest.mark.parametrize(
    ("name", "text", "stderr"),
    [
        (
            ".adrtool.yaml",
            "template: madr\nadr_dir: docs/adrs\n",
            'adrtool: error: .adrtool.yaml:2: adr_dir: folder "docs/adrs" does not exist\n'
            '  hint: create it with "adrtool init", or fix adr_dir\n',
        ),
        (
            ".adr-dir",
            "doc/arch\n",
            'adrtool: error: .adr-dir names the ADR folder "doc/arch", which does not exist\n'
            '  hint: create it with "adrtool init", or fix .adr-dir\n',
        ),
    ],
)
def test_configured_folder_that_does_not_exist_is_a_config_error(
    tmp_path: Path, name: str, text: str, stderr: str
) -> None:
    write(tmp_path, name, text)
    result = check(tmp_path, "--lint-only")
    assert result.exit_code == 2
    assert result.stderr == stderr


def test_lint_only_needs_no_git(tmp_path: Path) -> None:
    write(tmp_path, f"{D}/0001-a.md", nygard(1, "A"))
    write(tmp_path, f"{D}/0002-b.md", nygard(3, "B"))
    result = check(tmp_path, "--lint-only")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{D}/0002-b.md:1: ADR002 title says 3 but the file name says 2; make them agree\n"
    )
    assert result.stderr == "adrtool check: 2 records, 1 error\n"


def test_missing_dir_is_bad_usage(tmp_path: Path) -> None:
    result = check(tmp_path, "--lint-only", "--dir", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("adrtool: error: --dir nowhere: no such folder\n")


def test_help_lists_rule_codes() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "ADR030" in result.stdout and "--lint-only" in result.stdout


def test_git_merge_of_colliding_branches_is_clean(tmp_path: Path) -> None:
    # The scenario the rule exists for, shown with git alone: no conflict is reported.
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo, "a.txt", "a\n")
    commit(repo, "a")
    git(repo, "switch", "-q", "-c", "one")
    write(repo, f"{D}/0005-one.md", "# 5. One\n")
    commit(repo, "one")
    git(repo, "switch", "-q", "-c", "two", "main")
    write(repo, f"{D}/0005-two.md", "# 5. Two\n")
    commit(repo, "two")
    done = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "one"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0


def test_framework_added_with_a_drafted_record_passes(repo: Path) -> None:
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    path = draft(repo, ANSWERS_FASTAPI)
    commit(repo, "add fastapi and draft the decision")
    assert path == f"{D}/0004-use-fastapi-as-the-backend-framework.md"
    result = check(repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


@pytest.fixture
def drafted(repo: Path) -> Path:
    """The feature branch has a fresh drafted Django decision (ADR 4) for its answers."""
    assert draft(repo, ANSWERS_DJANGO) == f"{D}/0004-use-django-as-the-backend-framework.md"
    commit(repo, "draft the framework decision")
    return repo


def test_fresh_drafted_record_is_not_stale(drafted: Path) -> None:
    result = check(drafted)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def provenance_line(repo: Path) -> int:
    text = (repo / D / "0004-use-django-as-the-backend-framework.md").read_text("utf-8")
    return next(
        i for i, line in enumerate(text.splitlines(), 1) if line.startswith("inputs-sha256:")
    )


def test_answers_that_change_the_winner_make_the_record_stale(drafted: Path) -> None:
    write(drafted, ANSWERS, ANSWERS_FASTAPI)
    result = check(drafted)
    assert result.exit_code == 1
    line = provenance_line(drafted)
    assert result.stdout == (
        f"{D}/0004-use-django-as-the-backend-framework.md:{line}: ADR020 stale decision: with "
        "today's inputs FastAPI ranks first, not Django (checklist.integration_requirements "
        "[admin-ui, payments] -> [ai-ml]; checklist.project_complexity high -> low; "
        "checklist.traffic_growth moderate -> extreme; project.type business-app -> api); "
        'run "adrtool draft" to supersede this record\n'
    )


def test_answers_that_keep_the_winner_only_warn(drafted: Path) -> None:
    write(drafted, ANSWERS, ANSWERS_DJANGO_HIRING)
    result = check(drafted)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{D}/0004-use-django-as-the-backend-framework.md:{provenance_line(drafted)}: "
        "ADR021 warning: inputs changed "
        "since this record was drafted (checklist.hiring_availability medium -> high) but "
        'Django still ranks first; run "adrtool draft" to refresh it\n'
    )


def test_answers_committed_after_the_record_are_the_baseline(repo: Path) -> None:
    # draft commits only the record; the answers file follows in a later commit.
    write(repo, ANSWERS, ANSWERS_DJANGO)
    result = run("draft", "--repo", str(repo), "--date", "2026-01-02")
    assert result.exit_code == 0, result.stderr
    commit(repo, "the answers behind ADR 4")
    write(repo, ANSWERS, ANSWERS_DJANGO_HIRING)
    drift = check(repo)
    assert drift.exit_code == 0
    assert "(checklist.hiring_availability medium -> high)" in drift.stdout, drift.stdout


def test_answers_never_committed_are_not_listed_as_all_new(repo: Path) -> None:
    record = draft(repo, ANSWERS_DJANGO)
    git(repo, "add", record)
    git(repo, "commit", "-q", "-m", "only the record")
    write(repo, ANSWERS, ANSWERS_DJANGO_HIRING)
    result = check(repo)
    assert result.exit_code == 0
    assert (
        f"ADR021 warning: inputs changed since this record was drafted (the answers in "
        f"{ANSWERS}, of which git has no earlier version) but Django still ranks first"
    ) in result.stdout


def test_custom_answers_file_is_recorded_and_followed_by_check(repo: Path) -> None:
    custom = "team/framework-answers.yaml"
    write(repo, custom, ANSWERS_DJANGO)
    result = run(
        "draft",
        "--repo",
        str(repo),
        "--date",
        "2026-01-02",
        "--no-commit",
        "--answers",
        str(repo / custom),
    )
    assert result.exit_code == 0, result.stderr
    record = repo / D / "0004-use-django-as-the-backend-framework.md"
    assert f"answers: {custom}\n" in record.read_text("utf-8")  # Nygard: provenance comment
    commit(repo, "draft with a team answers file")
    assert check(repo).exit_code == 0
    # check re-scores from the recorded file, not the default path, so this change is seen.
    write(repo, custom, ANSWERS_FASTAPI)
    stale = check(repo)
    assert stale.exit_code == 1
    assert "ADR020 stale decision: with today's inputs FastAPI ranks first" in stale.stdout


def test_redrafting_supersedes_and_clears_the_stale_record(drafted: Path) -> None:
    write(drafted, "pyproject.toml", PYPROJECT_FASTAPI)
    assert draft(drafted, ANSWERS_FASTAPI) == f"{D}/0005-use-fastapi-as-the-backend-framework.md"
    commit(drafted, "redraft")
    result = check(drafted)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_broken_answers_file_is_a_config_error(drafted: Path) -> None:
    write(
        drafted, ANSWERS, ANSWERS_DJANGO.replace("traffic_growth: moderate", "traffic_growth: huge")
    )
    result = check(drafted)
    assert result.exit_code == 2
    assert result.stderr == (
        f"adrtool: error: {ANSWERS}:7: unknown value 'huge' for checklist.traffic_growth "
        "(allowed: low, moderate, high, extreme)\n"
        f"  hint: fix the answers file behind {D}/0004-use-django-as-the-backend-framework.md\n"
    )


def action_step(name: str) -> str:
    from adrtool.yamlio import load_yaml, plain

    root = Path(__file__).resolve().parent.parent
    action = plain(load_yaml(root / "action.yml"))
    return next(s["run"] for s in action["runs"]["steps"] if s.get("name") == name)


def run_step(repo: Path, name: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    full = {
        **os.environ,
        "ADRTOOL_BASE": "",
        "ADRTOOL_ARGS": "",
        "ADRTOOL_REQUIRE": "",
        "ADRTOOL_COMMAND": "both",
        "GITHUB_OUTPUT": os.devnull,
        "GITHUB_STEP_SUMMARY": os.devnull,
        **env,
    }
    return subprocess.run(
        ["bash", "-c", action_step(name)], cwd=repo, env=full, capture_output=True, text=True
    )


def test_action_steps_run_check_and_write_the_summary(repo: Path, tmp_path: Path) -> None:
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    commit(repo, "add fastapi")
    summary = tmp_path / "summary.md"
    review = run_step(
        repo,
        "adrtool review",
        GITHUB_STEP_SUMMARY=str(summary),
        ADRTOOL_ARGS="--dir docs/decisions",
    )
    assert review.returncode == 0, review.stderr
    assert summary.read_text("utf-8").startswith("## Architecture decisions\n")
    checked = run_step(repo, "adrtool check", ADRTOOL_REQUIRE="backend-framework, messaging")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"::error file={D},title=ADR010 missing-decision::no accepted record for topic "
        f'"{t}"; run "adrtool draft" or add a record with "topic: {t}" in its front matter'
        for t in ("backend-framework", "messaging")
    ] + [
        "::error file=pyproject.toml,line=6,title=ADR032 undecided-framework::fastapi was "
        'added on this branch but no record for topic "backend-framework" was added or '
        'changed; run "adrtool draft" (or '
        'add a record with "topic: backend-framework") in this branch'
    ]


def test_action_is_a_composite_action_that_never_interpolates_inputs_into_scripts() -> None:
    from adrtool.yamlio import load_yaml, plain

    action = plain(load_yaml(Path(__file__).resolve().parent.parent / "action.yml"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"command", "base", "require", "args", "python-version"}
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash", step
            assert "${{" not in step["run"], step["name"]
    assert action["outputs"]["errors"]["value"] == "${{ steps.check.outputs.errors }}"


def test_action_check_step_sets_outputs_and_exit_code(repo: Path, tmp_path: Path) -> None:
    write(repo, f"{D}/0004-x.md", nygard(4, "X", status=""))  # ADR008 warning only
    commit(repo, "x")
    outputs = tmp_path / "outputs"
    done = run_step(repo, "adrtool check", GITHUB_OUTPUT=str(outputs))
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs.read_text("utf-8") == "errors=0\nwarnings=1\n"
    outputs.unlink()
    failed = run_step(repo, "adrtool check", GITHUB_OUTPUT=str(outputs), ADRTOOL_REQUIRE="x")
    assert failed.returncode == 1
    assert outputs.read_text("utf-8") == "errors=1\nwarnings=1\n"


def test_action_rejects_an_unknown_command() -> None:
    import os

    script = action_step("Check the inputs")
    env = {**os.environ, "ADRTOOL_COMMAND": "chek"}
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == (
        "::error title=adrtool::the input command must be check, review or both\n"
    )
    env["ADRTOOL_COMMAND"] = "both"
    assert subprocess.run(["bash", "-c", script], env=env).returncode == 0


def test_action_review_step_notes_a_failure_in_the_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    (tmp_path / "norepo").mkdir()
    done = run_step(tmp_path / "norepo", "adrtool review", GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 3
    assert summary.read_text("utf-8") == (
        "**adrtool review failed (exit 3)**: see the log of this step.\n"
    )


def test_action_inputs_cannot_inject_shell(repo: Path) -> None:
    done = run_step(
        repo,
        "adrtool check",
        ADRTOOL_BASE="$(touch pwned)",
        ADRTOOL_REQUIRE="*",
        ADRTOOL_ARGS="; touch pwned2",
    )
    assert done.returncode == 2  # "; touch pwned2" is an unknown argument, not a command
    assert not (repo / "pwned").exists() and not (repo / "pwned2").exists()


def test_gitlab_example_job_script(repo: Path) -> None:
    import os

    from adrtool.yamlio import load_yaml, plain

    job = plain(load_yaml(Path(__file__).resolve().parent.parent / "examples" / "gitlab-ci.yml"))
    assert job["adrtool"]["variables"] == {"GIT_DEPTH": "0"}
    git_setup = [line for line in job["adrtool"]["before_script"] if "pip install" not in line]
    script = "set -e\n" + "\n".join(git_setup + job["adrtool"]["script"])
    env = {**os.environ, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    ok = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (repo / "adr-review.md").read_text("utf-8").startswith("## Architecture decisions\n")
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    commit(repo, "add fastapi")
    bad = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "pyproject.toml:6: ADR032 fastapi was added" in bad.stdout
    # A shallow checkout is deepened by the before_script, so check still finds the fork.
    shallow = repo.parent / "shallow"
    git(
        repo.parent,
        "clone",
        "-q",
        "--depth",
        "1",
        f"file://{repo.parent / 'origin.git'}",
        str(shallow),
    )
    git(repo, "push", "-q", "origin", "feature")
    git(shallow, "fetch", "-q", "--depth", "1", "origin", "feature")
    git(shallow, "switch", "-q", "-c", "feature", "FETCH_HEAD")
    deep = subprocess.run(
        ["bash", "-c", script], cwd=shallow, env=env, capture_output=True, text=True
    )
    assert deep.returncode == 1, deep.stderr
    assert "pyproject.toml:6: ADR032 fastapi was added" in deep.stdout


@pytest.mark.parametrize(("status", "code"), [("Accepted", 0), ("Deprecated", 1)])
def test_framework_named_by_an_existing_decision(tmp_path: Path, status: str, code: int) -> None:
    from tests.guard_repos import cloned, publish

    repo = cloned(tmp_path)
    write(
        repo,
        f"{D}/0001-use-fastapi-as-backend-framework.md",
        nygard(1, "Use FastAPI as backend framework", status),
    )
    write(repo, "pyproject.toml", PYPROJECT)
    commit(repo, "start")
    publish(repo)
    write(repo, "pyproject.toml", PYPROJECT_FASTAPI)
    commit(repo, "add fastapi as decided in ADR 1")
    result = check(repo)
    assert result.exit_code == code, result.stdout
    assert ("ADR032" in result.stdout) == (code == 1)


def test_supersede_with_adrtool_new_changes_only_status_and_links(tmp_path: Path) -> None:
    from tests.guard_repos import cloned, publish

    repo = cloned(tmp_path)
    assert run("init", "--repo", str(repo), "--template", "madr").exit_code == 0
    assert run("new", "--repo", str(repo), "--no-edit", "Use", "MySQL").exit_code == 0
    assert run("status", "--repo", str(repo), "2", "accepted").exit_code == 0
    commit(repo, "decide")
    publish(repo)
    assert run("new", "--repo", str(repo), "--no-edit", "-s", "2", "Use", "Postgres").exit_code == 0
    commit(repo, "supersede")
    result = check(repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    review = run("review", "--repo", str(repo))
    assert "* ADR 2 *Use MySQL*: accepted → **superseded**\n" in review.stdout


def test_outside_git_needs_lint_only(tmp_path: Path) -> None:
    write(tmp_path, f"{D}/0001-a.md", nygard(1, "A"))
    result = check(tmp_path)
    assert result.exit_code == 3
    assert result.stderr == (
        f"adrtool: error: {tmp_path.resolve()}: not a git repository; comparing with a base "
        "branch needs git\n  hint: run inside a clone of the repository, or pass --lint-only\n"
    )
    ok = check(tmp_path, "--lint-only")
    assert (ok.exit_code, ok.stderr) == (0, "adrtool check: 1 record, no problems\n")


def test_renamed_and_rewritten_record_fails(repo: Path) -> None:
    git(repo, "mv", f"{D}/0002-use-postgresql.md", f"{D}/0002-use-postgres.md")
    write(
        repo,
        f"{D}/0002-use-postgres.md",
        nygard(2, "Use PostgreSQL", body="We need to choose, and MySQL was cheaper."),
    )
    commit(repo, "rename and rewrite")
    result = check(repo)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{D}/0002-use-postgres.md:11: ADR031 record 2 is accepted")


def test_rules_switched_off_do_not_run(drafted: Path) -> None:
    # A broken answers file would stop check (exit 2), but not when the stale rules are off.
    write(
        drafted, ANSWERS, ANSWERS_DJANGO.replace("traffic_growth: moderate", "traffic_growth: huge")
    )
    write(
        drafted,
        ".adrtool.yaml",
        "check:\n  severity:\n    ADR020: 'off'\n    ADR021: 'off'\n    ADR032: 'off'\n",
    )
    write(drafted, "pyproject.toml", PYPROJECT_FASTAPI)
    commit(drafted, "switch rules off")
    result = check(drafted)
    assert (result.exit_code, result.stdout) == (0, "")


def test_lint_only_still_checks_required_topics(tmp_path: Path) -> None:
    write(tmp_path, f"{D}/0001-a.md", nygard(1, "A"))
    result = check(tmp_path, "--lint-only", "--require", "backend-framework")
    assert result.exit_code == 1
    assert result.stdout.startswith(f'{D}: ADR010 no accepted record for topic "backend-framework"')


def test_monorepo_project_sees_only_its_own_manifests(repo: Path) -> None:
    write(repo, "services/ml/requirements.txt", "fastapi==0.110\n")
    write(
        repo,
        f"services/web/{D}/0001-use-django-as-backend-framework.md",
        nygard(1, "Use Django as backend framework"),
    )
    write(repo, "services/web/pyproject.toml", PYPROJECT)
    commit(repo, "two services")
    web = check(repo / "services" / "web")
    assert (web.exit_code, web.stdout) == (0, "")
    whole = check(repo)
    assert whole.exit_code == 1
    assert whole.stdout.startswith("services/ml/requirements.txt:1: ADR032 fastapi was added")
