#!/usr/bin/env bash
# Times the records-only path of a pull request (.github/workflows/pull-request.yml):
# a fresh clone of this branch plus one record added with `generator new`, then
# `make check`, `make build`, `make linkcheck` and `make review`, each timed. Writes
# the timings and the job summary `make review` produced to OUT (Markdown).
#
#   benchmarks/data_only_pr.sh [OUT]    (default: benchmarks/results/<UTC time>-data-only-pr.md)
#
# The clone uses this checkout's .venv (nothing is installed); its lock files and
# pyproject.toml are dated as the venv's install stamp so that make does not reinstall.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$(readlink -f "$repo/.venv")
stamp=$(ls "$venv"/.installed-* | head -1)
out=${1:-$repo/benchmarks/results/$(date -u +%Y-%m-%dT%H%M)-data-only-pr.md}
work=$(mktemp -d /tmp/data-only-pr.XXXXXX)
trap 'rm -rf "$work"' EXIT

git clone -q --branch "$(git -C "$repo" rev-parse --abbrev-ref HEAD)" "$repo" "$work/clone"
cd "$work/clone"
ln -s "$venv" .venv
touch -r "$stamp" requirements/*.txt pyproject.toml
export GIT_AUTHOR_NAME="A Contributor" GIT_AUTHOR_EMAIL=a@example.org
export GIT_COMMITTER_NAME="A Contributor" GIT_COMMITTER_EMAIL=a@example.org
export NO_MKDOCS_2_WARNING=1
base=$(git rev-parse HEAD)
.venv/bin/python -m generator new \
  --title "Voyager: An Open-Ended Embodied Agent with Large Language Models" \
  --authors "Guanzhi Wang, Yuqi Xie, Yunfan Jiang, Ajay Mandlekar, Chaowei Xiao, Yuke Zhu, Linxi Fan and Anima Anandkumar" \
  --arxiv 2305.16291 --topic skill-discovery-and-hierarchical-rl \
  --topic skill-composition-in-llms --code https://github.com/MineDojo/Voyager \
  --abstract "We introduce Voyager, the first LLM-powered embodied lifelong learning agent in Minecraft that continuously explores the world, acquires diverse skills, and makes novel discoveries without human intervention. Voyager consists of three key components: an automatic curriculum that maximizes exploration, an ever-growing skill library of executable code for storing and retrieving complex behaviors, and a new iterative prompting mechanism that incorporates environment feedback, execution errors, and self-verification for program improvement." \
  >"$work/new.log" 2>&1 || { cat "$work/new.log"; exit 1; }
git add content && git commit -qm "Add Voyager"

summary="$work/summary.md"
export REVIEW_BASE=$base PREVIEW_URL="https://github.com/OWNER/REPO/actions/runs/RUN_ID"
export GITHUB_STEP_SUMMARY=$summary
: >"$summary"
declare -A took
total_start=$(date +%s.%N)
start=$(date +%s.%N)
.ci/changed-paths "$base" HEAD >"$work/paths.out" 2>/dev/null
took[paths]=$(echo "$(date +%s.%N) - $start" | bc)
grep -qx "tool=false" "$work/paths.out" || { echo "not a records-only change" >&2; exit 1; }
for target in check build linkcheck review; do
  start=$(date +%s.%N)
  make --no-print-directory "$target" >"$work/$target.log" 2>&1 || { cat "$work/$target.log"; exit 1; }
  took[$target]=$(echo "$(date +%s.%N) - $start" | bc)
done
total=$(echo "$(date +%s.%N) - $total_start" | bc)

{
  echo "# Records-only pull request: the seed plus one added record"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%M:%SZ) by \`benchmarks/data_only_pr.sh\` on commit" \
       "\`$(git rev-parse --short "$base")\` ($(git ls-files content/papers | wc -l) records after the addition)."
  echo "Machine: $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (shared);" \
       "$(.venv/bin/python --version)."
  echo
  echo "| step | seconds |"
  echo "|---|---|"
  printf '| `.ci/changed-paths` (says `tool=false`: no `make test`) | %.1f |\n' "${took[paths]}"
  for target in check build linkcheck review; do
    printf '| `make %s` | %.1f |\n' "$target" "${took[$target]}"
  done
  printf '| **total** | **%.1f** |\n' "$total"
  echo
  echo "The job summary \`make review\` wrote (the run's address is a placeholder):"
  echo
  echo '````markdown'
  cat "$summary"
  echo '````'
} >"$out"
echo "wrote $out (total ${total} s)"
