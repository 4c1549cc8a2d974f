"""Does a change of the code keep the output? Build collections with two trees and
compare the generated docs folders and the built sites byte for byte (``diff -r``).

    python benchmarks/same_output.py --base bc4846e            # base commit vs. this tree
    python benchmarks/same_output.py --base bc4846e --only toy

Each tree is a checkout (``--base`` as a git worktree; the head is this working tree,
uncommitted changes included). For every collection (the seed and toy fixtures, the
collections of ``../shared/corpora/`` and a synthetic one of ``--synthetic`` papers,
a large collection searched with Pagefind) a scratch project gets that tree's
``mkdocs.yml`` and ``overrides``, then that tree's generator and MkDocs build it with
one ``SOURCE_DATE_EPOCH``. Exit status 0 when every pair is identical.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
EPOCH = "1764633600"


def collections(synthetic: int, work: Path) -> dict[str, Path]:
    """Name -> content folder."""
    found = {"seed": REPO / "tests" / "data" / "seed" / "content",
             "toy": REPO / "tests" / "data" / "toy" / "content"}
    for corpus in sorted(CORPORA.glob("*/topics.yaml")):  # a corpus is a content folder
        found[corpus.parent.name] = corpus.parent
    if synthetic:
        dest = work / f"synthetic-{synthetic}"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"),
                        str(synthetic), str(dest)], check=True, capture_output=True)
        found[f"synthetic-{synthetic}"] = dest / "content"
    return found


def project(tree: Path, content: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(tree / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "overrides").symlink_to(tree / "overrides")
    if (tree / "generator" / "mkdocs_hook.py").exists():  # a tree from before the plugin
        (dest / "generator").symlink_to(tree / "generator")
    shutil.copytree(content, dest / "content")
    for page in ("about.md", "contributing.md"):
        target = dest / "content" / "pages" / page
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "content" / "pages" / page, target)
    return dest


def build(tree: Path, project_dir: Path) -> None:
    """The tree's own generator and MkDocs (its package first on the path)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    for cmd in ([sys.executable, "-m", "generator", "--root", str(project_dir), "build"],
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                 "-f", str(project_dir / "mkdocs.yml"), "-d", str(project_dir / "site")]):
        run = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed in {tree}:\n{run.stdout}{run.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git ref of the tree to compare with")
    parser.add_argument("--only", help="one collection by name")
    parser.add_argument("--synthetic", type=int, default=3000, help="papers (0: none)")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="same-output-"))
    base = work / "base-tree"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(base),
                    args.base], check=True, capture_output=True)
    try:
        different = 0
        for name, content in collections(args.synthetic, work).items():
            if args.only and name != args.only:
                continue
            built = {}
            for side, tree in (("base", base), ("head", REPO)):
                built[side] = project(tree, content, work / name / side)
                build(tree, built[side])
            for folder in ("build/docs", "site"):
                diff = subprocess.run(["diff", "-r", "-q", str(built["base"] / folder),
                                       str(built["head"] / folder)],
                                      capture_output=True, text=True)
                files = sum(1 for p in (built["head"] / folder).rglob("*") if p.is_file())
                verdict = "identical" if diff.returncode == 0 else "DIFFERENT"
                print(f"{name:>18} {folder:<10} {files:>6} files  {verdict}", flush=True)
                if diff.returncode:
                    different += 1
                    print(diff.stdout[:4000] + diff.stderr)
        return 1 if different else 0
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                       capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
