/// The live dashboard a ``MonitorHTTPEndpoint`` serves at `/`: one self-contained HTML page.
///
/// The page polls `/summary` and `/history` on its own origin once a second and draws, as SVG
/// line charts over the last five minutes: throughput, latency P50/P95/P99 against the P95
/// target, error rate, cache hit ratio, active sessions, queue depth, worker utilization, memory
/// and CPU (the process's, and the share the host's hypervisor stole, which explains a spike
/// the service did not cause), with the monitor's anomaly events marked on every chart's time
/// axis, and one panel per declared operation (its recent requests per second, latency and
/// error rate, from the operation's `window` in `/summary`). Its CSS, script and charts are
/// inline; it fetches nothing from anywhere else, and the response's `Content-Security-Policy`
/// forbids it to.
///
/// Each chart keeps its SVG nodes from one poll to the next and writes only what changed, and
/// the widths come from a `ResizeObserver`, so a poll forces no layout: ten open tabs' renderers
/// used 24–34% less CPU than when every chart was rebuilt each second (README, "The live
/// dashboard").
///
/// The charts of throughput, error rate, sessions and memory draw `/history`'s points, so they
/// are filled from the start; the others draw the figures of `/summary`'s `current` (the sliding
/// window) as the page samples them, from when the page opened.
///
/// When a poll fails the page says so in a banner, greys the charts, keeps the last data, and
/// goes on polling; the next answer brings it back. The page writes its state into the DOM for
/// scripts: `body[data-connection]` (`connecting`, `live` or `disconnected`), `body[data-js-errors]`
/// (script errors caught by `window.onerror` and unhandled rejections), and on each chart's `svg`,
/// `data-chart` (its name), `data-points` (points drawn) and `data-anomalies` (markers drawn).
/// Everything taken from the data reaches the page as text nodes and attributes, never as markup.
enum DashboardPage {
    /// The response to `GET /`: the page as `text/html; charset=utf-8`, revalidated on each load
    /// (`Cache-Control: no-cache`), with a policy that allows only same-origin requests.
    static let response = HTTPResponse(
        status: .ok,
        headers: [
            HTTPHeader("Content-Type", "text/html; charset=utf-8"),
            HTTPHeader("Cache-Control", "no-cache"),
            HTTPHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                    + "img-src 'self' data:; base-uri 'none'; form-action 'none'"
            ),
            HTTPHeader("X-Content-Type-Options", "nosniff"),
        ],
        body: Array(html.utf8)
    )

    /// The names of the fixed charts, in page order (each is a `data-chart` value in ``html``).
    static let chartNames = [
        "throughput", "latency", "errors", "cache", "sessions", "queue", "workers", "memory", "cpu",
    ]

    /// The page.
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>PerfGate monitor</title>
        <style>
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa; --bg: #ffffff;
          --bad: #cf222e; --good: #1a7f37; --mark: #bf8700; }
        * { box-sizing: border-box; }
        html, body { margin: 0; background: var(--bg); color: var(--fg); }
        body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; padding: 12px 16px 8px; }
        h1 { font-size: 18px; margin: 0; }
        h2 { font-size: 15px; margin: 16px 16px 0; }
        #status { font-weight: 600; padding: 1px 8px; border-radius: 10px; background: var(--card); }
        body[data-connection="live"] #status { color: #fff; background: var(--good); }
        body[data-connection="disconnected"] #status { color: #fff; background: var(--bad); }
        #service, #updated { color: var(--muted); overflow-wrap: anywhere; }
        #banner { display: none; margin: 0 16px 8px; padding: 8px 12px; border-radius: 6px;
          color: #fff; background: var(--bad); font-weight: 600; }
        body[data-connection="disconnected"] #banner { display: block; }
        body[data-connection="disconnected"] .panel, body[data-connection="disconnected"] .tile {
          filter: grayscale(1); opacity: 0.45; }
        #tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; padding: 0 16px; }
        .tile { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; min-width: 0; }
        .tile .label { color: var(--muted); font-size: 12px; }
        .tile .figure { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .tile .figure.miss { color: var(--bad); }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr));
          gap: 12px; padding: 8px 16px; }
        .panel { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px 6px; min-width: 0; }
        .panel h3 { display: flex; justify-content: space-between; gap: 8px; font-size: 13px; margin: 0 0 2px; }
        .panel h3 .now { font-variant-numeric: tabular-nums; color: var(--muted); font-weight: 500; white-space: nowrap; }
        .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; font-size: 12px; color: var(--muted); min-height: 17px; }
        .legend i { display: inline-block; width: 12px; height: 3px; margin-right: 4px; vertical-align: middle; }
        .legend i.dash { background: repeating-linear-gradient(90deg, var(--bad) 0 4px, transparent 4px 7px) !important; }
        .note { font-size: 12px; color: var(--muted); margin: 2px 0 0; overflow-wrap: anywhere; }
        svg.chart { display: block; width: 100%; height: 150px; }
        svg.chart text { font-size: 10px; fill: var(--muted); font-family: inherit; }
        svg.chart .axis { stroke: var(--line); stroke-width: 1; }
        svg.chart .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        svg.chart .target { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 4 3; }
        svg.chart .anomaly { stroke: var(--mark); stroke-width: 1.2; stroke-dasharray: 2 2; }
        svg.chart .anomaly-mark { fill: var(--mark); }
        #anomalies { margin: 4px 16px 16px; padding-left: 20px; font-size: 13px; font-variant-numeric: tabular-nums; }
        #anomalies li { overflow-wrap: anywhere; }
        #anomalies li.none { list-style: none; margin-left: -20px; }
        #operations-section[hidden] { display: none; }
        </style>
        </head>
        <body data-connection="connecting" data-js-errors="0">
        <header>
        <h1>PerfGate monitor</h1>
        <span id="status">connecting</span>
        <span id="service"></span>
        <span id="updated"></span>
        </header>
        <div id="banner" role="alert">Disconnected: the monitor does not answer. The charts keep the last data; retrying every second.</div>
        <div id="tiles">
        <div class="tile"><div class="label">Throughput now</div><div class="figure" id="tile-throughput">–</div></div>
        <div class="tile"><div class="label">P95 now</div><div class="figure" id="tile-p95">–</div></div>
        <div class="tile"><div class="label">Errors now</div><div class="figure" id="tile-errors">–</div></div>
        <div class="tile"><div class="label">Requests since start</div><div class="figure" id="tile-requests">–</div></div>
        <div class="tile"><div class="label">Uptime</div><div class="figure" id="tile-uptime">–</div></div>
        <div class="tile"><div class="label">Targets</div><div class="figure" id="tile-targets">–</div></div>
        </div>
        <div class="grid" id="charts">
        <section class="panel"><h3>Throughput <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="throughput" data-points="0" role="img" aria-label="Throughput"></svg></section>
        <section class="panel"><h3>Latency <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="latency" data-points="0" role="img" aria-label="Latency"></svg></section>
        <section class="panel"><h3>Error rate <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="errors" data-points="0" role="img" aria-label="Error rate"></svg></section>
        <section class="panel"><h3>Cache hit ratio <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="cache" data-points="0" role="img" aria-label="Cache hit ratio"></svg></section>
        <section class="panel"><h3>Active sessions <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="sessions" data-points="0" role="img" aria-label="Active sessions"></svg></section>
        <section class="panel"><h3>Queue depth <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="queue" data-points="0" role="img" aria-label="Queue depth"></svg></section>
        <section class="panel"><h3>Worker utilization <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="workers" data-points="0" role="img" aria-label="Worker utilization"></svg></section>
        <section class="panel"><h3>Memory <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="memory" data-points="0" role="img" aria-label="Memory"></svg></section>
        <section class="panel"><h3>CPU <span class="now"></span></h3><div class="legend"></div><svg class="chart" data-chart="cpu" data-points="0" role="img" aria-label="CPU"></svg></section>
        </div>
        <div id="operations-section" hidden>
        <h2>Operations</h2>
        <div class="grid" id="operations"></div>
        </div>
        <h2>Anomalies</h2>
        <ol id="anomalies" reversed><li class="none">None so far.</li></ol>
        <script>
        "use strict";
        (function () {
          const body = document.body;
          let jsErrors = 0;
          function recordError(message) {
            jsErrors += 1;
            body.dataset.jsErrors = String(jsErrors);
            body.dataset.lastJsError = String(message).slice(0, 300);
          }
          window.addEventListener("error", (event) => recordError(event.message || "error"));
          window.addEventListener("unhandledrejection", (event) =>
            recordError((event.reason && event.reason.message) || String(event.reason)));

          const SPAN_MS = 300000;
          const SVG = "http://www.w3.org/2000/svg";
          const colors = ["#0969da", "#bc4c00", "#8250df", "#1a7f37"];
          const series = new Map();
          const anomalies = new Map();
          const operationPanels = new Map();
          let newest = 0;
          let lastHistoryTime = 0;
          let lastUptime = -1;
          let previousCurrent = null;
          let summary = null;
          let polls = 0;

          /* What each fixed chart draws: its lines (series key, label and, where it differs from the
             chart's, unit), unit, scale and target. */
          const charts = {
            throughput: { unit: "req/s", lines: [["h.rps", "per second (/history)"]],
              target: (s) => s.targets && s.targets.minThroughputRPS, targetLabel: "target (at least)" },
            latency: { unit: "ms", lines: [["s.p50", "P50"], ["s.p95", "P95"], ["s.p99", "P99"]],
              target: (s) => s.targets && s.targets.maxLatencyP95Ms, targetLabel: "P95 target",
              note: "Over the monitor's sliding window (/summary current)." },
            errors: { unit: "%", lines: [["h.errors", "failed / all (/history)"]],
              target: (s) => s.targets && typeof s.targets.minSuccessRate === "number" ? (1 - s.targets.minSuccessRate) * 100 : null,
              targetLabel: "target (at most)" },
            cache: { unit: "%", lines: [["s.cache", "hits / lookups each second"]], fixedMax: 100,
              empty: "No cache lookups recorded." },
            sessions: { unit: "", lines: [["h.sessions", "active (/history)"]] },
            queue: { unit: "", lines: [["s.queue", "queued"]] },
            workers: { unit: "%", lines: [["s.workers", "busy"]], fixedMax: 100 },
            memory: { unit: "MB", lines: [["h.memory", "resident or reported (/history)"]],
              target: (s) => s.targets && s.targets.maxMemoryMB, targetLabel: "target (at most)" },
            cpu: { unit: "% of a core", lines: [["s.cpu", "process CPU"], ["s.steal", "stolen by the host (% of all CPU time)", "%"]],
              empty: "No CPU figure (sampling is off)." },
          };

          function push(key, time, value) {
            if (typeof value !== "number" || !isFinite(value) || !isFinite(time)) { return; }
            let points = series.get(key);
            if (!points) { points = []; series.set(key, points); }
            if (points.length > 0 && points[points.length - 1][0] >= time) { return; }
            points.push([time, value]);
            newest = Math.max(newest, time);
          }

          function trim() {
            const oldest = newest - SPAN_MS - 5000;
            for (const points of series.values()) {
              let drop = 0;
              while (drop < points.length && points[drop][0] < oldest) { drop += 1; }
              if (drop > 0) { points.splice(0, drop); }
            }
            for (const [key, event] of anomalies) { if (event.time < oldest) { anomalies.delete(key); } }
          }

          function reset() {
            series.clear();
            anomalies.clear();
            lastHistoryTime = 0;
            previousCurrent = null;
            newest = 0;
          }

          function ingestSummary(document) {
            const figures = document.summary || {};
            const uptime = typeof figures.uptimeSeconds === "number" ? figures.uptimeSeconds : 0;
            if (uptime + 1 < lastUptime) { reset(); }
            lastUptime = uptime;
            summary = document;
            const time = Date.parse(document.time);
            const current = document.current || {};
            push("s.p50", time, current.latencyP50Ms);
            push("s.p95", time, current.latencyP95Ms);
            push("s.p99", time, current.latencyP99Ms);
            push("s.queue", time, current.queueDepth);
            if (typeof current.workerUtilization === "number") { push("s.workers", time, current.workerUtilization * 100); }
            push("s.cpu", time, current.cpuPercent);
            push("s.steal", time, current.hostCPUStealPercent);
            if (previousCurrent && typeof current.cacheLookups === "number") {
              const lookups = current.cacheLookups - previousCurrent.cacheLookups;
              const hits = current.cacheHits - previousCurrent.cacheHits;
              if (lookups > 0) { push("s.cache", time, Math.max(0, Math.min(1, hits / lookups)) * 100); }
            }
            previousCurrent = current;
            const operations = document.operations || {};
            for (const name of Object.keys(operations)) {
              const recent = operations[name] && operations[name].window;
              if (recent && recent.requests > 0) {
                push("o." + name + ".p50", time, recent.latencyP50Ms);
                push("o." + name + ".p95", time, recent.latencyP95Ms);
                push("o." + name + ".p99", time, recent.latencyP99Ms);
              }
            }
          }

          function ingestHistory(document) {
            for (const point of document.points || []) {
              const time = Date.parse(point.time);
              if (!(time > lastHistoryTime)) { continue; }
              lastHistoryTime = time;
              push("h.rps", time, point.requestsPerSecond);
              if (typeof point.errorRate === "number") { push("h.errors", time, point.errorRate * 100); }
              if (typeof point.memoryBytes === "number" && point.memoryBytes > 0) { push("h.memory", time, point.memoryBytes / 1048576); }
              push("h.sessions", time, point.activeConnections);
            }
            for (const event of document.anomalies || []) {
              const time = Date.parse(event.time);
              if (!isFinite(time)) { continue; }
              anomalies.set(String(event.time) + "/" + String(event.kind), {
                time: time, kind: String(event.kind), severity: String(event.severity),
                value: event.value, expected: event.expected });
            }
          }

          function format(value, unit) {
            if (typeof value !== "number" || !isFinite(value)) { return "–"; }
            const magnitude = Math.abs(value);
            const digits = Number.isInteger(value) || magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
            const text = value.toFixed(digits);
            return unit ? text + (unit === "%" ? "%" : " " + unit) : text;
          }

          /* A round tick step that splits 0...value into at most five steps. */
          function niceStep(value) {
            const raw = value > 0 ? value / 5 : 0.2;
            const power = Math.pow(10, Math.floor(Math.log10(raw)));
            for (const step of [1, 2, 2.5, 5, 10]) { if (step * power >= raw) { return step * power; } }
            return 10 * power;
          }

          /* The time a chart shows: the data kept, in whole quarter-minutes (so that the grid is not
             redrawn every second while the data is younger than SPAN_MS), at least a minute and at
             most SPAN_MS. */
          function timeSpan(end) {
            let oldest = end;
            for (const points of series.values()) { if (points.length) { oldest = Math.min(oldest, points[0][0]); } }
            return Math.min(SPAN_MS, Math.max(60000, Math.ceil((end - oldest) / 15000) * 15000));
          }

          function ago(milliseconds) {
            const seconds = Math.round(milliseconds / 1000);
            if (seconds === 0) { return "now"; }
            return seconds % 60 === 0 ? "−" + seconds / 60 + " min" : "−" + seconds + " s";
          }

          function element(name, attributes, parent) {
            const node = document.createElementNS(SVG, name);
            for (const key of Object.keys(attributes)) { node.setAttribute(key, String(attributes[key])); }
            if (parent) { parent.appendChild(node); }
            return node;
          }

          function text(content, attributes, parent) {
            const node = element("text", attributes, parent);
            node.textContent = content;
            return node;
          }

          function setLegend(legend, spec, targetValue) {
            const signature = spec.lines.map((line) => line[1]).join("|") + "|" + (targetValue != null);
            if (legend.dataset.signature === signature) { return; }
            legend.dataset.signature = signature;
            legend.replaceChildren();
            spec.lines.forEach((line, index) => {
              const item = document.createElement("span");
              const swatch = document.createElement("i");
              swatch.style.background = colors[index % colors.length];
              item.append(swatch, line[1]);
              legend.appendChild(item);
            });
            if (targetValue != null) {
              const item = document.createElement("span");
              const swatch = document.createElement("i");
              swatch.className = "dash";
              item.append(swatch, spec.targetLabel || "target");
              legend.appendChild(item);
            }
          }

          /* Each chart keeps its nodes from one poll to the next: the grid and its labels are rebuilt
             only when the scale, the span or the width changes, the markers only when the anomalies in
             view change, and the rest is updated in place (an attribute is written only when it
             changes). A poll then costs a tab a few writes per chart, not a new chart: rebuilding every
             chart each second kept ten tabs' renderers at 0.4–0.56 of a core. The widths come from a
             ResizeObserver, so drawing never forces a layout. */
          const chartStates = new WeakMap();
          const widths = new WeakMap();
          const resizes = new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const width = Math.round(entry.contentRect.width);
              if (width > 0 && widths.get(entry.target) !== width) { widths.set(entry.target, width); changed = true; }
            }
            if (changed) { safeRender(); }
          });

          function update(node, attributes) {
            for (const key of Object.keys(attributes)) {
              const value = String(attributes[key]);
              if (node.getAttribute(key) !== value) { node.setAttribute(key, value); }
            }
          }

          function setText(node, content) {
            if (node.textContent !== content) { node.textContent = content; }
          }

          function chartState(svg) {
            let state = chartStates.get(svg);
            if (state) { return state; }
            svg.replaceChildren();
            state = {
              grid: element("g", {}, svg), gridKey: "",
              target: element("line", { class: "target", visibility: "hidden" }, svg),
              marks: element("g", {}, svg), marksKey: "",
              lines: element("g", {}, svg),
              empty: text("", { "text-anchor": "middle", visibility: "hidden" }, svg),
            };
            chartStates.set(svg, state);
            resizes.observe(svg);
            return state;
          }

          /* Draws one chart into its svg: axes, each line, the target and the anomaly markers. */
          function draw(svg, spec) {
            const state = chartState(svg);
            const width = Math.max(200, widths.get(svg) || 340);
            const height = 150;
            const left = 46, right = 8, top = 8, bottom = 20;
            const end = newest || Date.now();
            const span = timeSpan(end);
            const start = end - span;
            const targetValue = summary && spec.target ? spec.target(summary) : null;
            const hasTarget = typeof targetValue === "number" && isFinite(targetValue) && targetValue > 0;
            let maximum = 0, drawn = 0;
            const lines = spec.lines.map((line) => (series.get(line[0]) || []).filter((point) => point[0] >= start));
            for (const points of lines) { for (const point of points) { maximum = Math.max(maximum, point[1]); } }
            if (hasTarget) { maximum = Math.max(maximum, targetValue); }
            if (!(maximum > 0)) { maximum = 1; }
            const step = spec.fixedMax ? spec.fixedMax / 4 : niceStep(maximum * 1.05);
            const ticks = spec.fixedMax ? 4 : Math.max(1, Math.ceil(maximum * 1.05 / step));
            maximum = step * ticks;
            const x = (time) => left + (time - start) / span * (width - left - right);
            const y = (value) => top + (1 - Math.min(value, maximum) / maximum) * (height - top - bottom);
            const gridKey = width + " " + span + " " + step + " " + ticks;
            if (state.gridKey !== gridKey) {
              state.gridKey = gridKey;
              update(svg, { viewBox: "0 0 " + width + " " + height });
              state.grid.replaceChildren();
              for (let tick = 0; tick <= ticks; tick += 1) {
                const value = step * tick;
                const digits = Number.isInteger(step) ? 0 : Math.min(3, (String(step).split(".")[1] || "").length);
                element("line", { class: "axis", x1: left, x2: width - right, y1: y(value), y2: y(value) }, state.grid);
                text(value.toFixed(digits), { x: left - 4, y: y(value) + 3, "text-anchor": "end" }, state.grid);
              }
              const timeStep = [10000, 15000, 30000, 60000].find((candidate) => span / candidate <= 5) || 60000;
              const labels = Math.floor(span / timeStep + 1e-9);
              for (let index = 0; index <= labels; index += 1) {
                const at = x(end - index * timeStep);
                const anchor = index === 0 ? "end" : at - left < 24 ? "start" : "middle";
                text(ago(index * timeStep), { x: at, y: height - 5, "text-anchor": anchor }, state.grid);
              }
            }
            if (hasTarget) {
              update(state.target, { visibility: "visible", x1: left, x2: width - right, y1: y(targetValue), y2: y(targetValue) });
            } else {
              update(state.target, { visibility: "hidden" });
            }
            const events = Array.from(anomalies.values()).filter((event) => event.time >= start && event.time <= end);
            const marksKey = events.map((event) => event.time + event.kind + event.severity).join(",") + " " + height;
            if (state.marksKey !== marksKey) {
              state.marksKey = marksKey;
              state.marks.replaceChildren();
              for (const event of events) {
                const group = element("g", {}, state.marks);
                const title = element("title", {}, group);
                title.textContent = new Date(event.time).toISOString() + " " + event.kind + " (" + event.severity + "): "
                  + format(event.value, "") + " vs " + format(event.expected, "");
                element("line", { class: "anomaly", x1: 0, x2: 0, y1: top, y2: height - bottom }, group);
                element("path", { class: "anomaly-mark", d: "M-4 " + top + "h8l-4 6z" }, group);
              }
            }
            events.forEach((event, index) => {
              update(state.marks.children[index], { transform: "translate(" + x(event.time).toFixed(1) + " 0)" });
            });
            if (state.lines.childElementCount !== 2 * lines.length) {
              state.lines.replaceChildren();
              lines.forEach((points, index) => {
                const color = colors[index % colors.length];
                element("path", { class: "series", stroke: color, d: "M0 0", visibility: "hidden" }, state.lines);
                element("circle", { r: 2, fill: color, visibility: "hidden" }, state.lines);
              });
            }
            lines.forEach((points, index) => {
              const path = state.lines.children[2 * index];
              const dot = state.lines.children[2 * index + 1];
              drawn += points.length;
              let d = "";
              let previous = null;
              for (const point of points) {
                const gap = previous === null || point[0] - previous > 5000;
                d += (gap ? "M" : "L") + x(point[0]).toFixed(1) + " " + y(point[1]).toFixed(1);
                previous = point[0];
              }
              update(path, points.length > 0 ? { d: d, visibility: "visible" } : { visibility: "hidden" });
              update(dot, points.length === 1
                ? { cx: x(points[0][0]).toFixed(1), cy: y(points[0][1]).toFixed(1), visibility: "visible" }
                : { visibility: "hidden" });
            });
            if (drawn === 0) {
              setText(state.empty, spec.empty && polls > 2 ? spec.empty : "Waiting for data…");
              update(state.empty, { x: (left + width - right) / 2, y: height / 2, visibility: "visible" });
            } else {
              update(state.empty, { visibility: "hidden" });
            }
            if (svg.dataset.points !== String(drawn)) { svg.dataset.points = String(drawn); }
            if (svg.dataset.anomalies !== String(events.length)) { svg.dataset.anomalies = String(events.length); }
            const panel = svg.closest(".panel");
            setLegend(panel.querySelector(".legend"), spec, hasTarget ? targetValue : null);
            if (typeof spec.now === "string") {
              setText(panel.querySelector(".now"), spec.now);
              return;
            }
            const latest = spec.lines.map((line) => {
              const points = series.get(line[0]) || [];
              return points.length ? points[points.length - 1][1] : null;
            });
            setText(panel.querySelector(".now"), latest.some((value) => value !== null)
              ? latest.map((value, index) => format(value, spec.lines[index][2] || spec.unit)).join(" · ") : "");
          }

          function operationPanel(name) {
            let panel = operationPanels.get(name);
            if (panel) { return panel; }
            panel = document.createElement("section");
            panel.className = "panel";
            panel.dataset.operation = name;
            const heading = document.createElement("h3");
            heading.append(document.createTextNode(name));
            const now = document.createElement("span");
            now.className = "now";
            heading.appendChild(now);
            const legend = document.createElement("div");
            legend.className = "legend";
            const svg = document.createElementNS(SVG, "svg");
            svg.setAttribute("class", "chart");
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", "Latency of " + name);
            svg.dataset.chart = "operation";
            svg.dataset.operation = name;
            svg.dataset.points = "0";
            const note = document.createElement("p");
            note.className = "note";
            panel.append(heading, legend, svg, note);
            const container = document.getElementById("operations");
            const after = Array.from(container.children).find((other) => other.dataset.operation > name);
            container.insertBefore(panel, after || null);
            document.getElementById("operations-section").hidden = false;
            operationPanels.set(name, panel);
            return panel;
          }

          function drawOperations() {
            const operations = (summary && summary.operations) || {};
            for (const name of Object.keys(operations)) {
              const figures = operations[name] || {};
              const panel = operationPanel(name);
              const key = "o." + name + ".";
              const recent = figures.window;
              /* The heading shows the operation's rate, not its latest latencies as a chart's does. */
              draw(panel.querySelector("svg"), {
                unit: "ms", lines: [[key + "p50", "P50"], [key + "p95", "P95"], [key + "p99", "P99"]],
                target: (s) => s.targets && s.targets.maxLatencyP95Ms, targetLabel: "P95 target",
                empty: "No requests in the window.",
                now: recent ? format(recent.requestsPerSecond, "req/s") : "" });
              setText(panel.querySelector(".note"),
                (recent ? "Last " + format(recent.windowSeconds, "s") + ": " + format(recent.requestsPerSecond, "req/s")
                  + ", errors " + format((recent.errorRate || 0) * 100, "%") + ". " : "")
                + "Since start: " + String(figures.totalRequests || 0) + " requests, P95 "
                + format(figures.latencyP95Ms, "ms") + ", P99 " + format(figures.latencyP99Ms, "ms")
                + ", errors " + format((figures.errorRate || 0) * 100, "%") + ".");
            }
          }

          function drawTiles() {
            if (!summary) { return; }
            const current = summary.current || {};
            const figures = summary.summary || {};
            const targets = summary.targets || {};
            const comparison = summary.comparison || {};
            setText(document.getElementById("tile-throughput"), format(current.requestsPerSecond, "req/s"));
            const p95 = document.getElementById("tile-p95");
            setText(p95, format(current.latencyP95Ms, "ms"));
            p95.classList.toggle("miss", typeof targets.maxLatencyP95Ms === "number" && current.latencyP95Ms > targets.maxLatencyP95Ms);
            setText(document.getElementById("tile-errors"), format((current.errorRate || 0) * 100, "%"));
            setText(document.getElementById("tile-requests"), typeof figures.totalRequests === "number"
              ? figures.totalRequests.toLocaleString("en-US") : "–");
            const uptime = Math.floor(figures.uptimeSeconds || 0);
            setText(document.getElementById("tile-uptime"),
              Math.floor(uptime / 3600) + "h " + String(Math.floor(uptime / 60) % 60).padStart(2, "0") + "m "
              + String(uptime % 60).padStart(2, "0") + "s");
            const met = document.getElementById("tile-targets");
            if (typeof comparison.meetsAllTargets === "boolean") {
              setText(met, comparison.meetsAllTargets ? "met" : "missed");
              met.classList.toggle("miss", !comparison.meetsAllTargets);
            }
            const service = summary.service;
            const described = service && typeof service === "object"
              ? [service.preset, service.workload].filter((part) => typeof part === "string").join(" / ")
              : typeof service === "string" ? service : "";
            setText(document.getElementById("service"), described);
            setText(document.getElementById("updated"), "updated " + String(summary.time || ""));
          }

          function drawAnomalies() {
            const list = document.getElementById("anomalies");
            const events = Array.from(anomalies.values()).sort((a, b) => b.time - a.time).slice(0, 10);
            const signature = events.map((event) => event.time + event.kind).join(",");
            if (list.dataset.signature === signature) { return; }
            list.dataset.signature = signature;
            list.replaceChildren();
            if (events.length === 0) {
              const item = document.createElement("li");
              item.className = "none";
              item.textContent = "None in the last five minutes.";
              list.appendChild(item);
            }
            for (const event of events) {
              const item = document.createElement("li");
              item.textContent = new Date(event.time).toISOString().slice(11, 19) + "Z " + event.kind + " ("
                + event.severity + "): " + format(event.value, "") + ", expected " + format(event.expected, "");
              list.appendChild(item);
            }
          }

          function render() {
            trim();
            for (const svg of document.querySelectorAll("#charts svg[data-chart]")) {
              const spec = charts[svg.dataset.chart];
              if (spec) { draw(svg, spec); }
            }
            drawOperations();
            drawTiles();
            drawAnomalies();
          }

          function safeRender() {
            try {
              render();
            } catch (error) {
              recordError((error && error.message) || error);
            }
          }

          async function fetchJSON(path) {
            const controller = new AbortController();
            const timer = setTimeout(() => controller.abort(), 3000);
            try {
              const response = await fetch(path, { cache: "no-store", signal: controller.signal });
              if (!response.ok) { throw new Error(path + " answered " + response.status); }
              return await response.json();
            } finally {
              clearTimeout(timer);
            }
          }

          function setConnection(state) {
            if (body.dataset.connection !== state) { body.dataset.connection = state; }
            setText(document.getElementById("status"), state);
          }

          async function poll() {
            const started = Date.now();
            try {
              const history = await fetchJSON("/history?last=" + (lastHistoryTime > 0 ? 15 : 300));
              const current = await fetchJSON("/summary");
              ingestSummary(current);
              ingestHistory(history);
              polls += 1;
              body.dataset.polls = String(polls);
              setConnection("live");
            } catch (error) {
              setConnection("disconnected");
              body.dataset.lastFetchError = String((error && error.message) || error).slice(0, 300);
            }
            safeRender();
            setTimeout(poll, Math.max(50, 1000 - (Date.now() - started)));
          }

          poll();
        })();
        </script>
        </body>
        </html>
        """#
}
