#!/usr/bin/env bash
# Checks the shipped Prometheus rules with promtool, and proves the check catches a broken rule file.
#
# Usage: Examples/monitoring/check.sh [PATH/TO/promtool]   (default: promtool on PATH)
#
# 1. `promtool check rules` on perfgate-alerts.yml and `promtool test rules` on
#    perfgate-alerts.test.yml must pass; so must `promtool check config` on the example
#    prometheus.yml, and `amtool check-config` on alertmanager.yml where amtool exists (AMTOOL).
# 2. Copies of the rules, each with one typo injected, must FAIL:
#      - a misspelled function (histogram_quantile -> histogram_quantil)     promtool check rules
#      - a bad duration (for: 1m -> for: 1mn)                                promtool check rules
#      - a misspelled field (expr: -> exrp:)                                 promtool check rules
#      - an unclosed bracket in a selector                                  promtool check rules
#      - a misspelled metric name (valid PromQL, so only the unit tests
#        can see it: perfgate_memory_bytes -> perfgate_memory_byte)         promtool test rules
# Prints PASS/FAIL lines; exits 1 if the shipped files fail or any broken copy passes.
set -uo pipefail
PROMTOOL=${1:-promtool}
HERE=$(cd "$(dirname "$0")" && pwd)
RULES=$HERE/perfgate-alerts.yml
TESTS=$HERE/perfgate-alerts.test.yml
WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-rules.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILURES=0

command -v "$PROMTOOL" >/dev/null || { echo "FAIL: promtool not found ('$PROMTOOL')"; exit 1; }

if output=$("$PROMTOOL" check rules "$RULES" 2>&1); then
    echo "PASS: promtool check rules: $(grep -o 'SUCCESS.*' <<<"$output")"
else
    echo "FAIL: promtool check rules $RULES:"
    echo "$output"
    FAILURES=$((FAILURES + 1))
fi
if output=$(cd "$HERE" && "$PROMTOOL" test rules "$(basename "$TESTS")" 2>&1); then
    echo "PASS: promtool test rules: $(grep -c 'eval_time' "$TESTS") alert and expression checks in" \
        "$(grep -c '^  - name:' "$TESTS") test groups"
else
    echo "FAIL: promtool test rules $TESTS:"
    echo "$output"
    FAILURES=$((FAILURES + 1))
fi

if output=$(cd "$HERE" && "$PROMTOOL" check config prometheus.yml 2>&1); then
    echo "PASS: promtool check config prometheus.yml (the example scrape, rule and alerting configuration)"
else
    echo "FAIL: promtool check config $HERE/prometheus.yml:"
    echo "$output"
    FAILURES=$((FAILURES + 1))
fi
AMTOOL=${AMTOOL:-$(command -v amtool || true)}
if [ -n "$AMTOOL" ]; then
    if output=$("$AMTOOL" check-config "$HERE/alertmanager.yml" 2>&1); then
        echo "PASS: amtool check-config alertmanager.yml"
    else
        echo "FAIL: amtool check-config $HERE/alertmanager.yml:"
        echo "$output"
        FAILURES=$((FAILURES + 1))
    fi
else
    echo "skipped: amtool check-config alertmanager.yml (no amtool; set AMTOOL or install prometheus-alertmanager)"
fi

# inject NAME MODE FROM TO: copies the rules with the first FROM replaced by TO into WORK/NAME/,
# runs `promtool MODE rules` on the copy and expects it to fail.
inject() {
    local name=$1 mode=$2 from=$3 to=$4
    mkdir -p "$WORK/$name"
    if ! python3 - "$RULES" "$WORK/$name/perfgate-alerts.yml" "$from" "$to" <<'PY'; then
import sys
source, target, old, new = sys.argv[1:]
text = open(source, encoding="utf-8").read()
if old not in text:
    sys.exit(1)
open(target, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
        echo "FAIL: the typo '$name' could not be injected: '$from' is not in the rules any more"
        FAILURES=$((FAILURES + 1))
        return
    fi
    cp "$TESTS" "$WORK/$name/"
    local output status
    if [ "$mode" = check ]; then
        output=$("$PROMTOOL" check rules "$WORK/$name/perfgate-alerts.yml" 2>&1)
    else
        output=$(cd "$WORK/$name" && "$PROMTOOL" test rules perfgate-alerts.test.yml 2>&1)
    fi
    status=$?
    if [ $status -ne 0 ]; then
        echo "PASS: promtool $mode rules fails on the typo '$name' (exit $status):" \
            "$(grep -vE '^ *(Checking|Unit Testing|FAILED:|$)' <<<"$output" | head -n 1 | sed "s|^ *$WORK/$name/||" | cut -c1-200)"
    else
        echo "FAIL: promtool $mode rules passed a rule file with the typo '$name'"
        FAILURES=$((FAILURES + 1))
    fi
}

inject misspelled-function check 'histogram_quantile(' 'histogram_quantil('
inject bad-duration check 'for: 1m' 'for: 1mn'
inject misspelled-field check 'expr: perfgate_memory_bytes' 'exrp: perfgate_memory_bytes'
inject unclosed-bracket check '{operation=""}[1m]' '{operation=""[1m]'
inject misspelled-metric test 'perfgate_memory_bytes >' 'perfgate_memory_byte >'

if [ $FAILURES -eq 0 ]; then
    echo "PASS: alert rules checked, tested, and a broken copy of each kind is caught"
else
    echo "FAIL: $FAILURES problem(s) with the alert rules or their checks"
    exit 1
fi
