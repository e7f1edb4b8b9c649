#!/usr/bin/env bash
# The regression gate for CI: build release, run `perfgate check`, publish the markdown report,
# and pass the verdict through as the exit code.
#
#   ci/perf-gate.sh [--suite quick] [any other 'perfgate check' options]
#
# The check is paired: it builds the commit the committed baseline records (in a worktree under
# .perfgate/ab/, cached by commit in .perfgate/ab/builds/) and runs it round by round against the
# working tree on this machine, so it needs the git history (fetch-depth: 0) and holds on any
# machine. Keep .perfgate/ab/builds/ in the CI cache to skip the base build.
#
# Exit codes are perfgate's: 0 pass, 1 a build failed (its log is named), 2 regression, 3 target
# missed, 4 run invalid, 5 baseline missing (with --require-baseline) or its commit not in this
# clone, 64 usage error, 65 malformed input file.
# The markdown report goes to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions), and to
# ${PERFGATE_REPORT_DIR:-.perfgate}/report.md and report.html in any case.
set -uo pipefail
cd "$(dirname "$0")/.."

report_dir="${PERFGATE_REPORT_DIR:-.perfgate}"
mkdir -p "$report_dir"

if ! swift build -c release --product perfgate; then
    echo "perf-gate: the release build failed" >&2
    exit 1
fi

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--suite quick)

.build/release/perfgate check "${args[@]}" --format markdown \
    --output "$report_dir/result.json" --report "$report_dir/report.html" > "$report_dir/report.md"
status=$?
cat "$report_dir/report.md"
case $status in
    0) echo "perf-gate: pass" ;;
    2) echo "perf-gate: REGRESSION against the baseline" ;;
    3) echo "perf-gate: a target was missed" ;;
    4) echo "perf-gate: the run was invalid (the machine could not hold the schedule)" ;;
    5) echo "perf-gate: the baseline or the commit it records is missing (see the error above)" ;;
    *) echo "perf-gate: perfgate exited $status" ;;
esac
exit $status
