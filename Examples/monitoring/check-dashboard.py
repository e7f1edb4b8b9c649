#!/usr/bin/env python3
"""Runs every PromQL query of a Grafana dashboard against a live Prometheus; fails on any without data.

Usage: check-dashboard.py --prometheus http://127.0.0.1:9090 [--dashboard grafana-dashboard.json]
                          [--rate-interval 1m] [--require-operations]

Grafana is not needed: each panel target's `expr` (rows' nested panels included) has the
dashboard's variables replaced the way Grafana would with "All" selected ($job and $instance by
their allValue, `$__rate_interval` by --rate-interval, `$__interval` by --interval, `$__range` by
--range), and is sent to /api/v1/query. A target passes when Prometheus answers "success" with at
least one series. A query Prometheus rejects, a variable left unreplaced, or an empty answer fails,
with one exception: a per-operation target (its selector has `operation!=""`) may be empty when no
scraped target exports per-operation series at all (perfgate serve's built-in workload has no named
operations); it is reported as EMPTY and fails only with --require-operations; so is a panel named
by --allow-empty (e.g. "Errors by kind" before any error, when the family has no series). Annotation queries
are checked for validity only (they are empty while nothing happens). Exits 0 when every target
passes, 1 otherwise, 2 on a usage error. Standard library only.
"""
import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


def panels_of(container):
    for panel in container.get("panels", []):
        yield panel
        yield from panels_of(panel)


def substitute(expr, values):
    def replace(match):
        name = match.group(1) or match.group(2) or match.group(3)
        return values.get(name, match.group(0))
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", replace, expr)


def query(prometheus, expr):
    url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            return json.load(error)
        except ValueError:
            return {"status": "error", "error": f"HTTP {error.code}"}
    except (urllib.error.URLError, OSError, ValueError) as error:
        return {"status": "error", "error": f"cannot reach {prometheus}: {error}"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prometheus", required=True, help="base URL of the Prometheus server")
    parser.add_argument("--dashboard", default="grafana-dashboard.json")
    parser.add_argument("--rate-interval", default="1m", help="what $__rate_interval becomes")
    parser.add_argument("--interval", default="15s", help="what $__interval becomes")
    parser.add_argument("--range", default="5m", help="what $__range becomes")
    parser.add_argument("--require-operations", action="store_true",
                        help="fail on empty per-operation panels too")
    parser.add_argument("--allow-empty", action="append", default=[], metavar="TITLE",
                        help="a panel title whose targets may be empty (reported as EMPTY); repeatable")
    arguments = parser.parse_args()

    try:
        with open(arguments.dashboard, encoding="utf-8") as file:
            dashboard = json.load(file)
    except (OSError, ValueError) as error:
        print(f"error: cannot read the dashboard {arguments.dashboard}: {error}", file=sys.stderr)
        return 2

    values = {"__rate_interval": arguments.rate_interval, "__interval": arguments.interval,
              "__range": arguments.range, "__range_s": "300", "__interval_ms": "15000"}
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") in ("query", "custom", "constant", "textbox"):
            values[variable["name"]] = variable.get("allValue") or ".+"

    has_operations = bool(query(arguments.prometheus,
                                'count(perfgate_requests_total{operation!=""})').get("data", {}).get("result"))
    failures, empty, allowed, passed = [], [], [], 0
    targets = [(panel.get("title", "?"), target) for panel in panels_of(dashboard)
               for target in panel.get("targets", []) if target.get("expr")]
    annotations = [(annotation.get("name", "?"), annotation)
                   for annotation in dashboard.get("annotations", {}).get("list", []) if annotation.get("expr")]
    if not targets:
        print(f"FAIL: {arguments.dashboard} has no panel targets with an expr")
        return 1

    for title, target in targets + annotations:
        is_annotation = "refId" not in target
        where = f'{"annotation" if is_annotation else "panel"} "{title}"' + (
            "" if is_annotation else f' target {target["refId"]}')
        expr = substitute(target["expr"], values)
        leftover = re.search(r"\$\{?\w+|\[\[\w+\]\]", expr)
        if leftover:
            failures.append(f"{where}: variable {leftover.group(0)} is not defined by the dashboard")
            print(f"FAIL  {where}: unknown variable {leftover.group(0)}")
            continue
        answer = query(arguments.prometheus, expr)
        if answer.get("status") != "success":
            failures.append(f"{where}: {answer.get('error', answer)}")
            print(f"FAIL  {where}: Prometheus rejected the query: {answer.get('errorType', '')} "
                  f"{answer.get('error', '')}\n      {expr}")
            continue
        series = len(answer["data"]["result"])
        if is_annotation:
            passed += 1
            print(f"ok    {where}: valid ({series} series now)")
        elif series > 0:
            passed += 1
            print(f"ok    {where}: {series} series")
        elif 'operation!=""' in expr and not has_operations:
            empty.append(where)
            print(f"EMPTY {where}: valid, but no scraped target exports per-operation series "
                  f"(perfgate serve's built-in workload declares no named operations)")
        elif title in arguments.allow_empty:
            allowed.append(where)
            print(f"EMPTY {where}: valid, no data, allowed by --allow-empty")
        else:
            failures.append(f"{where}: no data")
            print(f"FAIL  {where}: valid query, no data\n      {expr}")

    if arguments.require_operations:
        failures += [f"{where}: no per-operation series" for where in empty]
    print(f"dashboard check: {len(targets)} panel targets and {len(annotations)} annotation queries; "
          f"{passed} ok, {len(empty)} empty per-operation, {len(allowed)} allowed empty, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
