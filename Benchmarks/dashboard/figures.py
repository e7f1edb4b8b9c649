"""Turns Benchmarks/dashboard/check.py's JSON into the summary lines run.sh prints.

  figures.py page CHECK_JSON LABEL STATUS
  figures.py load ALONE_DRIVE_JSON POLLERS_CHECK_JSON TABS_CHECK_JSON NICE_TABS_CHECK_JSON COMMAND STATUS
      (exit 1 when the P99 with the tabs whose browser yields the CPU is 5 ms or more, or that
      run is invalid)
"""

import json
import sys


def page(path, label, status):
    check = json.load(open(path))
    fixed = [chart for chart in check.get("charts", []) if chart["operation"] is None]
    operations = [chart for chart in check.get("charts", []) if chart["operation"] is not None]
    points = ", ".join(f"{chart['chart']} {chart['points']}" for chart in fixed)
    lines = [f"## {label}: {'PASS' if status == '0' else 'FAIL'}", ""]
    lines.append(f"- points per chart (from the DOM): {points}")
    if operations:
        lines.append(
            "- operation panels: "
            + ", ".join(f"{chart['operation']} {chart['points']}" for chart in operations)
        )
    lines.append(f"- anomaly markers on the time axis: {fixed[0]['anomalies'] if fixed else 0}")
    lines.append(f"- page JS errors (body[data-js-errors] + pageerror + console errors): {check.get('jsErrors')}")
    narrow = check.get("narrow", {})
    lines.append(f"- at 400 px: scrollWidth {narrow.get('scrollWidth')} (no sideways scroll when <= 400)")
    if "disconnectedAfterSeconds" in check:
        after = check.get("errorsAfterStop", {})
        lines.append(
            f"- server stopped: disconnected state after {check['disconnectedAfterSeconds']} s "
            f"(banner shown: {check.get('stateStopped', {}).get('bannerVisible')}); after the stop, "
            f"JS errors {after.get('jsErrors')}, failed-fetch console messages {after.get('consoleErrors')}"
        )
    for failure in check.get("failures", []):
        lines.append(f"- FAILED: {failure}")
    return "\n".join(lines), True


def load(alone_path, pollers_path, tabs_path, nice_tabs_path, command, status):
    alone = json.load(open(alone_path))
    pollers = json.load(open(pollers_path))
    with_pollers = json.loads(pollers["command"])
    competing_tabs = json.load(open(tabs_path))
    with_competing_tabs = json.loads(competing_tabs["command"])
    tabs = json.load(open(nice_tabs_path))
    with_tabs = json.loads(tabs["command"])
    # Judged on the tabs whose browser yields the CPU to the server, in a run the host did not
    # steal more than drive's --max-steal from.
    held = with_tabs["metrics"]["latency_p99_ms"] < 5 and with_tabs.get("valid", True)
    lines = [f"## /metrics latency while the dashboard polls: {'PASS' if held and status == '0' else 'FAIL'}", ""]
    lines.append(f"- command: `{command}`")
    runs = (
        ("no tabs", alone),
        (f"{pollers['tabs']} Python pollers, the tabs' requests without a browser", with_pollers),
        (
            f"{competing_tabs['tabs']} Chromium tabs polling, the browser competing for the same cores "
            f"({', '.join(competing_tabs.get('browserAutogroups', []))})",
            with_competing_tabs,
        ),
        (
            f"{tabs['tabs']} Chromium tabs polling, the browser's autogroup yielding the CPU "
            f"({', '.join(tabs.get('browserAutogroups', []))}; the goal, P99 < 5 ms, is judged here)",
            with_tabs,
        ),
    )
    for name, drive in runs:
        figures = drive["metrics"]
        lines.append(
            f"- {name}: P50 {figures['latency_p50_ms']:.2f} ms, P95 {figures['latency_p95_ms']:.2f} ms, "
            f"P99 {figures['latency_p99_ms']:.2f} ms, max {figures['latency_max_ms']:.2f} ms, "
            f"success {figures['success_rate']}, {figures['throughput_rps']:.1f} req/s, "
            f"client's schedule lag P99 {figures.get('schedule_lag_p99_ms', float('nan')):.2f} ms, "
            f"host CPU stolen {figures.get('cpu_steal_percent', float('nan')):.1f}%"
            + ("" if drive.get("valid", True) else " (run INVALID: " + "; ".join(drive.get("invalidReasons", [])) + ")")
        )
    lines.append(
        f"- pollers: {pollers.get('requestsAnswered')} requests answered, {pollers.get('requestsFailed')} failed"
    )
    for name, check in (("competing", competing_tabs), ("yielding", tabs)):
        cpu = check.get("chromiumCPU", {})
        if cpu:
            lines.append(
                f"- Chromium's CPU while the tabs polled ({name}), in cores: {sum(cpu.values()):.3f} "
                + "(" + ", ".join(f"{kind} {value:.3f}" for kind, value in cpu.items()) + ")"
            )
        polls = check.get("pollsDuringCommand", [])
        if polls:
            lines.append(
                f"- polls per tab during the {check.get('commandSeconds')} s run ({name}): {min(polls)}–{max(polls)}; "
                f"tab JS errors {check.get('jsErrors')}"
            )
    for failure in competing_tabs.get("failures", []) + tabs.get("failures", []):
        lines.append(f"- FAILED: {failure}")
    return "\n".join(lines), held


def main():
    if sys.argv[1] == "page":
        text, held = page(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        text, held = load(*sys.argv[2:8])
    print(text)
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
