# Shell helpers shared by ci/prometheus-integration.sh, Examples/monitoring/e2e.sh and the
# benchmark scripts; sourced, not run. A script that uses pass, fail or elapsed sets FAILURES=0 and
# SCRIPT_START=$(date +%s) first.

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
elapsed() { echo $(($(date +%s) - SCRIPT_START)); }

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
    local limit=$1
    shift
    local deadline=$(($(date +%s) + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.2
    done
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The machine's CPU time so far and the part of it the hypervisor stole, in clock ticks
# ("TOTAL STOLEN", from /proc/stat's first line).
cpu_times() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $9; exit}' /proc/stat; }

# The percentage of the machine's CPU time the hypervisor stole between two cpu_times readings.
stolen_percent() {
    python3 -c "t0, s0, t1, s1 = map(int, '$1 $2'.split()); print(f'{100 * (s1 - s0) / max(1, t1 - t0):.2f}')"
}
