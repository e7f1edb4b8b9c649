# Shell helpers shared by ci/prometheus-integration.sh and Examples/monitoring/e2e.sh; sourced,
# not run. The sourcing script sets FAILURES=0 and SCRIPT_START=$(date +%s) first.

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
