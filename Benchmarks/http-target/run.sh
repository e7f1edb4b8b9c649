#!/usr/bin/env bash
# PerfGate's HTTP driver (`perfgate drive --url`) measured with third-party parts on 127.0.0.1
# (issue 11), in three measurements one after another:
#   1. throughput ceiling: nginx (1 worker) serving a small static file; wrk -t1 -c32 -d10s gives
#      the closed-loop maximum; a bisection over rates finds the highest rate PerfGate's open-loop
#      driver holds (schedule lag P99 <= 1 ms, nothing dropped, success rate 1), goal >= 50% of
#      wrk's, both judged only in runs the hypervisor stole at most 1% of the CPU from (see the
#      step); Locust's figure (headless, 32 users, locustfile.py beside this script) for reference;
#   2. latency accuracy: http-fixture-server answering after exactly 10 ms, 500 req/s for 10 s:
#      P50 in 10.0...10.6 ms, P99 <= 12 ms, in runs the hypervisor stole at most 1% of the CPU from
#      and the fixture answered on time (the others are listed, not judged; see the step);
#   3. coordinated omission: the same server stalls for 1 s, 4.5 s after its first request, in a
#      10 s run at 500 req/s: P99 >= 900 ms; wrk -t1 -c16 -d10s --latency and Locust (16 users)
#      against the same stall, side by side.
#
# Usage: Benchmarks/http-target/run.sh [OUT_DIR]   (default .build/http-target/<date-time>)
#
# Writes OUT_DIR/summary.md (also printed) with each figure, the exact command behind it and
# PASS/FAIL against its goal, and every tool's raw output beside it. Installs nginx-light, wrk
# (apt-get) and locust (pip) when missing. Builds perfgate and http-fixture-server in release
# unless SKIP_BUILD=1. PROBE_SECONDS (5) is each bisection run's length, PROBES (7) their number;
# a rate that is not held is tried again RETRIES (1) more times before the bisection moves down,
# so that one burst of noise from elsewhere on the machine does not end the search low.
# STEPS="1 3" (say) runs only some steps. Every process it starts is stopped on exit; everything
# listens on 127.0.0.1 only; each tool runs under `timeout`. Exit code 0 when every goal passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/http-target
out=${1:-.build/http-target/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out" && out=$(cd "$out" && pwd)
probe_seconds=${PROBE_SECONDS:-5}
probes=${PROBES:-7}
retries=${RETRIES:-1}
steps=${STEPS:-1 2 3}

work=$(mktemp -d /tmp/http-target.XXXXXX)
chmod 755 "$work" # nginx's worker (user nobody when run as root) must read the static file
started=()
stop() {
    kill "$1" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    for pid in "${started[@]}"; do stop "$pid"; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ] || ! command -v wrk >/dev/null; then
    say "installing nginx-light and wrk"
    $sudo apt-get install -y nginx-light wrk >/dev/null || { $sudo apt-get update && $sudo apt-get install -y nginx-light wrk; }
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
fi
if command -v locust >/dev/null; then
    locust=(locust)
else
    say "installing locust"
    python3 -m pip install --quiet locust
    locust=(python3 -m locust)
fi
if [ -z "${SKIP_BUILD:-}" ]; then
    say "building perfgate and http-fixture-server (release)"
    timeout --foreground 3600 swift build -c release --product perfgate >&2 || exit 1
    timeout --foreground 3600 swift build -c release --product http-fixture-server >&2 || exit 1
fi
bin=$(swift build -c release --show-bin-path)
perfgate=$bin/perfgate
fixture=$bin/http-fixture-server

# shellcheck source=../../ci/lib.sh
. ci/lib.sh # free_port, cpu_times, stolen_percent
wait_for_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    say "nothing listens on 127.0.0.1:$1"
    return 1
}
figures() { python3 "$here/figures.py" "$@"; }

# Starts http-fixture-server with the given flags; sets fixture_pid and fixture_port.
start_fixture() {
    local log=$work/fixture-$RANDOM.out
    "$fixture" "$@" >"$log" 2>>"$out/fixture.err" &
    fixture_pid=$!
    started+=("$fixture_pid")
    local line=
    for _ in $(seq 100); do
        line=$(head -n 1 "$log" 2>/dev/null)
        [[ $line == listening* ]] && break
        sleep 0.05
    done
    [[ $line == listening* ]] || { say "http-fixture-server did not start: $(cat "$out/fixture.err")"; exit 1; }
    fixture_port=${line##*:}
}

rows=()    # the summary's table rows
probe_table=()
failed=0
row() {    # measurement, figure, goal, PASS/FAIL/info, command
    rows+=("| $1 | $2 | $3 | $4 | \`$5\` |")
    [ "$4" = FAIL ] && failed=1
}
verdict() { python3 -c "import sys; print('PASS' if ($1) else 'FAIL')" 2>/dev/null || echo FAIL; }

# --- 1. throughput ceiling against nginx -------------------------------------------------------
if [[ " $steps " == *" 1 "* ]]; then
say "1. throughput ceiling: nginx, wrk, perfgate, locust"
mkdir -p "$work/nginx/www" "$work/nginx/logs"
head -c 128 /dev/zero | tr '\0' 'x' >"$work/nginx/www/index.html"
chmod -R a+rX "$work/nginx"
nginx_port=$(free_port)
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 75s;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/nginx/www;
    }
}
EOF
cp "$work/nginx/nginx.conf" "$out/nginx.conf"
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" 2>>"$out/nginx.err" &
nginx_pid=$!
started+=("$nginx_pid")
wait_for_port "$nginx_port" || exit 1
url=http://127.0.0.1:$nginx_port/index.html

# The hypervisor's steal slows both tools (it showed 2% of wrk's figure, lag P99 23 ms at 6,400
# req/s, in a run that lost 10% of the CPU), so every run here counts only when the host stole at
# most CEILING_MAX_STEAL (1) percent of the CPU during it, read from /proc/stat around wrk and by
# `drive --max-steal` for perfgate; a run above it is listed, not judged, and taken again, up to
# CEILING_ATTEMPTS (4) times a rate. wrk's figure is the highest of its judged runs, taken before
# and again after the bisection, so the share is against the best the machine gave wrk.
ceiling_max_steal=${CEILING_MAX_STEAL:-1}
ceiling_attempts=${CEILING_ATTEMPTS:-4}
wrk_command="wrk -t1 -c32 -d10s $url"
wrk_rps=n/a
wrk_runs=()
wrk_judged() { # measures wrk until one run is judged (or the attempts run out); keeps the best
    local attempt file before after stolen
    for attempt in $(seq "$ceiling_attempts"); do
        file=$out/1-wrk-$1-$attempt.txt
        before=$(cpu_times)
        timeout --foreground 60 $wrk_command >"$file" 2>&1
        after=$(cpu_times)
        stolen=$(stolen_percent "$before" "$after")
        eval "$(figures wrk "$file")"
        local judged=$(verdict "$parsed == 1 and $stolen <= $ceiling_max_steal")
        say "   wrk ($1, try $attempt): $rps req/s, host CPU stolen $stolen%$([ "$judged" = PASS ] || echo ', not judged')"
        wrk_runs+=("$rps req/s ($1, $stolen% stolen$([ "$judged" = PASS ] || echo ', not judged'));")
        if [ "$judged" = PASS ]; then
            [ "$wrk_rps" = n/a ] || [ "$(verdict "$rps > $wrk_rps")" = PASS ] && wrk_rps=$rps
            return 0
        fi
    done
    return 1
}
wrk_judged before

# The bisection: [lo, hi) with lo held (0 at first) and hi not held (wrk's maximum at first);
# rates rounded to 100 req/s. Without a judged wrk figure there is nothing to compare with, and no
# bisection.
lo=0
hi=$([ "$wrk_rps" = n/a ] && echo 0 || printf '%.0f' "$wrk_rps")
probe_table=("| rate (req/s) | try | held | schedule lag P99 (ms) | success rate | failures | throughput (req/s) | P99 (ms) | host CPU stolen |"
    "|---|---|---|---|---|---|---|---|---|")
best_command=
unjudged=
for i in $(seq "$probes"); do
    rate=$(((lo + hi) / 2 / 100 * 100))
    [ "$rate" -le "$lo" ] && break
    command="perfgate drive --url $url --rate $rate --duration $probe_seconds --connections 32 --max-steal $ceiling_max_steal --format json"
    held=no
    judged=0
    for attempt in $(seq $((retries + ceiling_attempts))); do
        file=$out/1-perfgate-$rate-$attempt.json
        timeout --foreground $((probe_seconds * 3 + 30)) "$perfgate" ${command#perfgate } >"$file" 2>"$file.err"
        eval "$(figures drive "$file")"
        # Not judged only for the host's steal: a run invalid for its own schedule lag (above the
        # ceiling) is judged, and not held.
        if [ "$parsed" = 1 ] && [ "$(verdict "$steal > $ceiling_max_steal")" = PASS ]; then
            say "   perfgate at $rate req/s, try $attempt: not judged (host CPU stolen $steal%; lag P99 $lag ms)"
            probe_table+=("| $rate | $attempt | not judged | $lag | $success | ${failures:-none} | $rps | $p99 | $steal% |")
            [ $((attempt - judged)) -ge "$ceiling_attempts" ] && break
            continue
        fi
        judged=$((judged + 1))
        [ "$parsed" = 1 ] && [ "$(verdict "$lag <= 1 and $success == 1 and $dropped == 0")" = PASS ] && held=yes
        say "   perfgate at $rate req/s, try $attempt: held $held (lag P99 $lag ms, success $success, failures ${failures:-none}, host CPU stolen $steal%)"
        probe_table+=("| $rate | $attempt | $held | $lag | $success | ${failures:-none} | $rps | $p99 | $steal% |")
        [ $held = yes ] && break
        [ "$judged" -gt "$retries" ] && break
    done
    if [ "$judged" -eq 0 ]; then
        unjudged=$rate
        break
    elif [ $held = yes ]; then
        lo=$rate
        best_command=$command
    else
        hi=$rate
    fi
done
[ "$wrk_rps" = n/a ] || wrk_judged after
if [ "$wrk_rps" = n/a ]; then
    row "1. wrk, closed loop, max" "no judged figure: ${wrk_runs[*]}" "—" FAIL "$wrk_command"
    row "1. perfgate, open loop, highest rate held" "not measured: no wrk figure to compare with" \
        "≥ 50% of wrk's" FAIL "CEILING_ATTEMPTS=$ceiling_attempts"
elif [ -n "$unjudged" ]; then
    row "1. wrk, closed loop, max (every run: ${wrk_runs[*]})" "$wrk_rps req/s" "—" info "$wrk_command"
    row "1. perfgate, open loop, highest rate held" \
        "not found: at $unjudged req/s the host stole more than $ceiling_max_steal% of the CPU in $ceiling_attempts tries (highest held before: $lo req/s)" \
        "≥ 50% of wrk's" FAIL "CEILING_ATTEMPTS=$ceiling_attempts"
else
    row "1. wrk, closed loop, max (every run: ${wrk_runs[*]})" "$wrk_rps req/s" "—" info "$wrk_command"
    share=$(python3 -c "print(f'{100 * $lo / $wrk_rps:.0f}')")
    row "1. perfgate, open loop, highest rate held (lag P99 ≤ 1 ms, no drops, success 1, ≤ $ceiling_max_steal% stolen)" \
        "$lo req/s ($share% of wrk's)" "≥ 50% of wrk's" "$(verdict "$lo >= 0.5 * $wrk_rps")" \
        "${best_command:-no rate held}"
fi

locust_command="locust -f $here/locustfile.py --headless -u 32 -r 32 -t 10s --host http://127.0.0.1:$nginx_port --csv $out/1-locust --only-summary"
timeout --foreground 90 "${locust[@]}" ${locust_command#locust } >"$out/1-locust.log" 2>&1
eval "$(figures locust "$out/1-locust_stats.csv")"
say "   locust: $rps req/s"
row "1. Locust, 32 users, no wait (FastHttpUser)" "$rps req/s (failures $failures)" "—" info "$locust_command"
stop "$nginx_pid"
fi

# --- 2. latency accuracy -----------------------------------------------------------------------
if [[ " $steps " == *" 2 "* ]]; then
# The measurement needs a server that answers after exactly 10 ms. A stolen CPU delays the
# fixture's answers and the driver alike, and the fixture prints how late its own answers were, so
# the figure is taken from runs the hypervisor stole at most ACCURACY_MAX_STEAL (1) percent of the
# CPU from (`drive --max-steal` marks any other run invalid) and in which the fixture's own answers
# were late by at most ACCURACY_MAX_FIXTURE_LATE_US (1000) µs at P99: in any other run the server
# was late, and the client rightly says so. Such runs are listed but not judged. Up to
# ACCURACY_ATTEMPTS (8) runs, until ACCURACY_RUNS (3) judged.
say "2. latency accuracy: a 10 ms fixture at 500 req/s"
accuracy_runs=${ACCURACY_RUNS:-3}
accuracy_attempts=${ACCURACY_ATTEMPTS:-8}
accuracy_max_steal=${ACCURACY_MAX_STEAL:-1}
accuracy_max_fixture_late=${ACCURACY_MAX_FIXTURE_LATE_US:-1000}
valid_runs=0
for attempt in $(seq "$accuracy_attempts"); do
    start_fixture --delay-ms 10
    command="perfgate drive --url http://127.0.0.1:$fixture_port/ --rate 500 --duration 10 --connections 16 --max-steal $accuracy_max_steal --format json"
    timeout --foreground 60 "$perfgate" ${command#perfgate } >"$out/2-perfgate-$attempt.json" 2>"$out/2-perfgate-$attempt.err"
    lines_before=$(wc -l <"$out/fixture.err")
    stop "$fixture_pid"
    # The line the fixture printed on stopping: how late its own answers were (none if it was killed).
    fixture_late=$(tail -n "+$((lines_before + 1))" "$out/fixture.err" | sed -n 's/.*late past their due instants by //p' | tail -n 1)
    eval "$(figures drive "$out/2-perfgate-$attempt.json")"
    say "   run $attempt: P50 $p50 ms, P99 $p99 ms, lag P99 $lag ms, host CPU stolen $steal%, valid $valid; fixture late by ${fixture_late:-n/a}"
    label="(max $max ms, lag P99 $lag ms, success $success, host CPU stolen $steal%; the fixture's own answers late by ${fixture_late:-n/a})"
    fixture_p99=$(sed -n 's/.*P99 \([0-9]*\) µs.*/\1/p' <<<"$fixture_late")
    # Judged unless the host stole more than the limit or the fixture was late: a run that failed
    # for anything else (perfgate's own schedule lag, no output) is judged, and fails.
    stolen_too_much=$(verdict "$parsed == 1 and $steal > $accuracy_max_steal")
    if [ "$stolen_too_much" = FAIL ] && [ -n "$fixture_p99" ] && [ "$fixture_p99" -le "$accuracy_max_fixture_late" ]; then
        valid_runs=$((valid_runs + 1))
        held=$(verdict "$parsed == 1 and 10.0 <= $p50 <= 10.6 and $p99 <= 12")
        row "2. run $attempt: perfgate P50 / P99, server delay 10 ms $label" "$p50 / $p99 ms" \
            "10.0–10.6 / ≤ 12 ms" "$held" "$command"
        [ "$valid_runs" -ge "$accuracy_runs" ] && break
    else
        why="the fixture's own answers late by more than $accuracy_max_fixture_late µs at P99"
        [ "$stolen_too_much" = PASS ] && why="more than $accuracy_max_steal% stolen"
        row "2. run $attempt: perfgate P50 / P99 $label" "$p50 / $p99 ms" "not judged: $why" info "$command"
    fi
done
if [ "$valid_runs" -eq 0 ]; then
    row "2. latency accuracy" \
        "no run with at most $accuracy_max_steal% stolen and the fixture on time, in $accuracy_attempts" \
        "at least one" FAIL "ACCURACY_ATTEMPTS=$accuracy_attempts"
fi
fi

# --- 3. coordinated omission -------------------------------------------------------------------
if [[ " $steps " == *" 3 "* ]]; then
say "3. coordinated omission: a 1 s stall in a 10 s run"
stall_flags="--delay-ms 10 --stall-after 4.5 --stall-for 1"
start_fixture $stall_flags
command="perfgate drive --url http://127.0.0.1:$fixture_port/ --rate 500 --duration 10 --connections 16 --format json"
timeout --foreground 60 "$perfgate" ${command#perfgate } >"$out/3-perfgate.json" 2>"$out/3-perfgate.err"
stop "$fixture_pid"
eval "$(figures drive "$out/3-perfgate.json")"
say "   perfgate: P50 $p50 ms, P99 $p99 ms, max $max ms"
row "3. perfgate P99, 1 s stall (\`http-fixture-server $stall_flags\`; P50 $p50, max $max ms)" "$p99 ms" \
    "≥ 900 ms" "$(verdict "$p99 >= 900")" "$command"

start_fixture $stall_flags
command="wrk -t1 -c16 -d10s --latency http://127.0.0.1:$fixture_port/"
timeout --foreground 60 $command >"$out/3-wrk.txt" 2>&1
stop "$fixture_pid"
eval "$(figures wrk "$out/3-wrk.txt")"
say "   wrk: P50 $p50 ms, P99 $p99 ms, max $max ms"
row "3. wrk P99, same stall, closed loop ($rps req/s; P50 $p50, P90 $p90, max $max ms) ¹" "$p99 ms" \
    "— (for comparison)" info "$command"

start_fixture $stall_flags
command="TARGET_PATH=/ locust -f $here/locustfile.py --headless -u 16 -r 16 -t 10s --host http://127.0.0.1:$fixture_port --csv $out/3-locust --only-summary"
TARGET_PATH=/ timeout --foreground 90 "${locust[@]}" ${command#TARGET_PATH=/ locust } >"$out/3-locust.log" 2>&1
stop "$fixture_pid"
eval "$(figures locust "$out/3-locust_stats.csv")"
say "   locust: P50 $p50 ms, P99 $p99 ms, max $max ms"
row "3. Locust P99, same stall, closed loop, 16 users ($rps req/s; P50 $p50, P90 $p90, max $max ms)" "$p99 ms" \
    "— (for comparison)" info "$command"
fi

# --- summary -----------------------------------------------------------------------------------
{
    echo "# PerfGate's HTTP driver against third-party parts (issue 11)"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
        "$(nproc) cores, $("$nginx" -v 2>&1 | sed 's/.*: //'), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)," \
        "locust $("${locust[@]}" --version 2>&1 | awk '{print $2}' | head -n 1); raw outputs in $out."
    echo
    echo "| measurement | figure | goal | result | command |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "¹ wrk 4 corrects its latency statistics for coordinated omission after the run (\`stats_correct\`:"
    echo "each sample longer than the mean interval per connection adds synthetic samples for the requests"
    echo "the connection could not send), so its P99 shows the stall too; Locust records only what it sent."
    echo
    echo "Bisection of measurement 1 (each run $probe_seconds s, nginx at $url):"
    echo
    printf '%s\n' "${probe_table[@]}"
} | tee "$out/summary.md"
exit "$failed"
