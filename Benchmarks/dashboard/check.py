"""Checks the live dashboard (`/` of `perfgate serve` or of a service's monitor routes) in headless
Chromium, through Playwright driving Debian's /usr/bin/chromium (no browser download).

Two modes, each printing one JSON object on standard output and exiting 0 when every check held:

  check.py page URL --screenshot PNG --narrow-screenshot PNG [--stop-pid PID] [--operations N]
           [--may-be-empty CHART,...] [--stopped-screenshot PNG] [--polls N]
      Opens the page at 1280 px, waits until it has polled N times (3), then reads from the DOM how
      many points each chart holds (every chart must hold some; with --operations N, at least N
      operation panels must hold some), counts the page's JS errors (uncaught errors and
      unhandled rejections the page records in body[data-js-errors], Playwright's pageerror
      events, and console errors: must be 0), takes a full-page screenshot, then one at 400 px
      wide, where the page must not scroll sideways (scrollWidth <= 400). With --stop-pid, it then
      sends SIGTERM to that process (the server) and waits up to 10 s for the page to show its
      disconnected state (body[data-connection], the banner visible); console errors after the
      stop are the failed fetches themselves and are reported apart.

  check.py tabs URL --tabs N [--group-nice N] -- COMMAND...
      Opens N pages (tabs) of the dashboard in one browser, waits until each has polled, runs
      COMMAND while they poll (its standard output is passed through in the JSON as `command`),
      then reports each tab's polls and JS errors, and the CPU time the browser's processes used
      while COMMAND ran, by process type (`chromiumCPU`: renderer, browser, gpu-process, utility;
      seconds of CPU per second, from /proc/PID/stat). `browserAutogroups` names the scheduler's
      autogroups the browser runs in; --group-nice sets their nice value first (19: the browser
      gets a small share of the CPU whenever the rest of the machine wants it, much as a browser on
      another machine would take none).

  check.py pollers URL --tabs N -- COMMAND...
      The same requests as N tabs make, from N Python threads instead of a browser, so that the
      server's cost of the polling is measured without the browser's CPU on the same machine.
"""

import json
import os
import signal
import subprocess
import sys
import time

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    )


def watch_errors(page, errors):
    page.on("pageerror", lambda error: errors.append({"kind": "pageerror", "text": str(error)}))
    page.on(
        "console",
        lambda message: errors.append({"kind": "console", "text": message.text})
        if message.type == "error"
        else None,
    )


def chromium_processes():
    """The Chromium processes started under this one: {pid: (type, CPU seconds so far)}."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, stats = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as file:
                stat = file.read()
            with open(f"/proc/{name}/cmdline", "rb") as file:
                # Chromium rewrites its children's command lines as one string with spaces.
                command = file.read().replace(b"\0", b" ").split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(name)] = int(fields[1])
        if command and b"chrom" in os.path.basename(command[0]):
            kind = next((part[7:].decode() for part in command if part.startswith(b"--type=")), "browser")
            stats[int(name)] = (kind, (int(fields[11]) + int(fields[12])) / ticks)
    mine, found = os.getpid(), {}
    for pid, (kind, seconds) in stats.items():
        ancestor = pid
        while ancestor > 1 and ancestor != mine:
            ancestor = parents.get(ancestor, 0)
        if ancestor == mine:
            found[pid] = (kind, seconds)
    return found


def chromium_cpu_seconds():
    """CPU seconds used so far by each type of Chromium process started under this one."""
    totals = {}
    for kind, seconds in chromium_processes().values():
        totals[kind] = totals.get(kind, 0) + seconds
    return totals


def chromium_autogroups(nice=None):
    """The scheduler's autogroups the browser's processes are in ("/autogroup-13 nice 0"), after
    setting each one's nice value when one is given. Chromium starts in a session of its own, so
    with autogroups on (/proc/sys/kernel/sched_autogroup_enabled) the kernel shares the CPU
    between its processes and the rest of the machine as between two users, whatever the nice
    value of each process: only its group's nice value (/proc/PID/autogroup) weighs it."""
    groups = {}
    for pid in chromium_processes():
        try:
            with open(f"/proc/{pid}/autogroup") as file:
                groups.setdefault(file.read().split()[0], pid)
        except (OSError, IndexError):
            continue
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as file:
            autogroups_on = file.read().strip() == "1"
    except OSError:
        autogroups_on = False
    if nice is not None:
        try:
            if not autogroups_on:
                raise OSError("autogroups off")
            for pid in groups.values():
                with open(f"/proc/{pid}/autogroup", "w") as file:
                    file.write(str(nice))
        except OSError:
            # Autogroups off (or not in this kernel): each thread's own nice value weighs it
            # (Linux keeps one per thread).
            for pid in chromium_processes():
                try:
                    threads = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
                except OSError:
                    continue
                for thread in threads:
                    try:
                        os.setpriority(os.PRIO_PROCESS, thread, nice)
                    except OSError:
                        continue
            return [f"no autogroups: each browser process at nice {nice}"]
    described = []
    for pid in groups.values():
        try:
            with open(f"/proc/{pid}/autogroup") as file:
                described.append(file.read().strip())
        except OSError:
            continue
    return sorted(described)


def wait_for_polls(page, count, timeout_ms=30000):
    page.wait_for_function(
        f"() => Number(document.body.dataset.polls || 0) >= {count}", timeout=timeout_ms
    )


def chart_points(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('svg[data-chart]')).map((svg) => ({
            chart: svg.dataset.chart, operation: svg.dataset.operation || null,
            points: Number(svg.dataset.points), anomalies: Number(svg.dataset.anomalies || 0) }))"""
    )


def page_state(page):
    return page.evaluate(
        """() => ({ connection: document.body.dataset.connection,
            jsErrors: Number(document.body.dataset.jsErrors),
            lastJsError: document.body.dataset.lastJsError || null,
            polls: Number(document.body.dataset.polls || 0),
            bannerVisible: getComputedStyle(document.getElementById('banner')).display !== 'none',
            scrollWidth: document.scrollingElement.scrollWidth,
            clientWidth: document.scrollingElement.clientWidth })"""
    )


def check_page(arguments):
    url = arguments[0]
    options = dict(zip(arguments[1::2], arguments[2::2]))
    wanted_operations = int(options.get("--operations", "0"))
    result = {"url": url, "failures": []}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        watch_errors(page, errors)
        page.goto(url, wait_until="load")
        wait_for_polls(page, int(options.get("--polls", "3")), timeout_ms=60000)
        charts = chart_points(page)
        state = page_state(page)
        result["charts"] = charts
        result["stateLive"] = state
        result["errorsLive"] = list(errors)
        fixed = [chart for chart in charts if chart["operation"] is None]
        operations = [chart for chart in charts if chart["operation"] is not None]
        allowed = set(options.get("--may-be-empty", "").split(","))
        empty = [chart["chart"] for chart in fixed if chart["points"] <= 0 and chart["chart"] not in allowed]
        if len(fixed) < 9:
            result["failures"].append(f"only {len(fixed)} charts on the page, 9 expected")
        if empty:
            result["failures"].append("charts without points: " + ", ".join(empty))
        filled = [chart for chart in operations if chart["points"] > 0]
        if len(filled) < wanted_operations:
            result["failures"].append(
                f"{len(filled)} operation panels hold points, {wanted_operations} expected"
            )
        js_errors = state["jsErrors"] + len(errors)
        result["jsErrors"] = js_errors
        if js_errors != 0:
            result["failures"].append(f"{js_errors} JS errors: {errors} {state['lastJsError']}")
        if state["connection"] != "live":
            result["failures"].append(f"connection is {state['connection']}, not live")
        if "--screenshot" in options:
            page.screenshot(path=options["--screenshot"], full_page=True)
        page.set_viewport_size({"width": 400, "height": 900})
        time.sleep(1.5)
        narrow = page_state(page)
        result["narrow"] = {"scrollWidth": narrow["scrollWidth"], "clientWidth": narrow["clientWidth"]}
        if narrow["scrollWidth"] > 400:
            result["failures"].append(f"at 400 px the page is {narrow['scrollWidth']} px wide")
        if "--narrow-screenshot" in options:
            page.screenshot(path=options["--narrow-screenshot"], full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        if "--stop-pid" in options:
            before = len(errors)
            stopped_at = time.monotonic()
            os.kill(int(options["--stop-pid"]), signal.SIGTERM)
            try:
                page.wait_for_function(
                    "() => document.body.dataset.connection === 'disconnected'", timeout=10000
                )
                result["disconnectedAfterSeconds"] = round(time.monotonic() - stopped_at, 2)
                state = page_state(page)
                result["stateStopped"] = state
                if not state["bannerVisible"]:
                    result["failures"].append("disconnected, but the banner is hidden")
                if "--stopped-screenshot" in options:
                    page.screenshot(path=options["--stopped-screenshot"], full_page=False)
            except Exception as error:  # noqa: BLE001 - reported as a failure
                result["failures"].append(f"no disconnected state within 10 s: {error}")
            after = errors[before:]
            result["errorsAfterStop"] = {
                "pageErrors": sum(1 for error in after if error["kind"] == "pageerror"),
                "consoleErrors": sum(1 for error in after if error["kind"] == "console"),
                "jsErrors": page_state(page)["jsErrors"],
            }
            if result["errorsAfterStop"]["pageErrors"] or result["errorsAfterStop"]["jsErrors"]:
                result["failures"].append(f"JS errors after the stop: {after}")
        browser.close()
    return result


def check_tabs(arguments):
    url = arguments[0]
    separator = arguments.index("--")
    options = dict(zip(arguments[1:separator:2], arguments[2:separator:2]))
    command = arguments[separator + 1 :]
    tabs = int(options.get("--tabs", "10"))
    result = {"url": url, "tabs": tabs, "failures": []}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        errors = []
        pages = []
        for _ in range(tabs):
            page = context.new_page()
            watch_errors(page, errors)
            page.goto(url, wait_until="load")
            pages.append(page)
        for page in pages:
            wait_for_polls(page, 2)
        group_nice = options.get("--group-nice")
        result["browserAutogroups"] = chromium_autogroups(int(group_nice) if group_nice is not None else None)
        polls_before = [page_state(page)["polls"] for page in pages]
        cpu_before = chromium_cpu_seconds()
        started = time.monotonic()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=600)
        seconds = time.monotonic() - started
        cpu_after = chromium_cpu_seconds()
        result["commandSeconds"] = round(seconds, 1)
        result["chromiumCPU"] = {
            kind: round((cpu_after[kind] - cpu_before.get(kind, 0)) / seconds, 3) for kind in sorted(cpu_after)
        }
        result["commandExit"] = completed.returncode
        result["command"] = completed.stdout
        if completed.stderr:
            result["commandStderr"] = completed.stderr[-2000:]
        states = [page_state(page) for page in pages]
        result["pollsDuringCommand"] = [state["polls"] - before for state, before in zip(states, polls_before)]
        result["connections"] = [state["connection"] for state in states]
        result["jsErrors"] = sum(state["jsErrors"] for state in states) + len(errors)
        if result["jsErrors"]:
            result["failures"].append(f"JS errors in the tabs: {errors}")
        if any(state["connection"] != "live" for state in states):
            result["failures"].append("a tab is not live")
        # The page polls every second: a tab that polled much less did not load the server as a
        # tab does (a browser starved of CPU, say), and the command's figure would flatter it.
        expected = int(seconds * 0.9) - 1
        if min(result["pollsDuringCommand"]) < expected:
            result["failures"].append(
                f"a tab polled {min(result['pollsDuringCommand'])} times in {seconds:.1f} s (at least {expected} expected)"
            )
        browser.close()
    return result


def check_pollers(arguments):
    """The server's side of N tabs without a browser: N threads, each on its own keep-alive
    connection, asking for what the page asks for (/history?last=300 once, then /history?last=15
    and /summary every second), while COMMAND runs."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    url = arguments[0]
    separator = arguments.index("--")
    options = dict(zip(arguments[1:separator:2], arguments[2:separator:2]))
    command = arguments[separator + 1 :]
    tabs = int(options.get("--tabs", "10"))
    address = urlsplit(url)
    done = threading.Event()
    counts = [[0, 0] for _ in range(tabs)]

    def poller(index):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        last = 300
        while not done.is_set():
            started = time.monotonic()
            for path in (f"/history?last={last}", "/summary"):
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    counts[index][0 if response.status == 200 else 1] += 1
                except OSError:
                    counts[index][1] += 1
                    connection.close()
            last = 15
            done.wait(max(0.0, 1.0 - (time.monotonic() - started)))
        connection.close()

    threads = [threading.Thread(target=poller, args=(index,), daemon=True) for index in range(tabs)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    started = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    result = {"url": url, "tabs": tabs, "failures": []}
    result["commandSeconds"] = round(time.monotonic() - started, 1)
    result["commandExit"] = completed.returncode
    result["command"] = completed.stdout
    done.set()
    for thread in threads:
        thread.join(timeout=10)
    result["requestsAnswered"] = sum(count[0] for count in counts)
    result["requestsFailed"] = sum(count[1] for count in counts)
    if result["requestsFailed"]:
        result["failures"].append(f"{result['requestsFailed']} poller requests failed")
    return result


def main():
    modes = {"page": check_page, "tabs": check_tabs, "pollers": check_pollers}
    if len(sys.argv) < 3 or sys.argv[1] not in modes:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    result = modes[sys.argv[1]](sys.argv[2:])
    print(json.dumps(result, indent=2))
    sys.exit(0 if not result["failures"] else 1)


if __name__ == "__main__":
    main()
