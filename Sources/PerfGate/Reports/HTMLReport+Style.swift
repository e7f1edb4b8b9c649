extension HTMLReport {
    /// The page's whole style sheet: the system font, a verdict banner, compact tables, pills,
    /// and the chart classes ``ChangeChart`` and ``LineChart`` use.
    static let styleSheet = """
        :root { --bad: #cf222e; --good: #1a7f37; --caution: #9a6700; --neutral: #57606a;
          --current: #0969da; --baseline: #8c959f; --line: #d0d7de; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica,
          Arial, sans-serif; color: #1f2328; background: #fff; }
        main { max-width: 1120px; margin: 0 auto; padding: 8px 24px 24px; }
        .banner { padding: 18px 24px; color: #fff; }
        .banner > div { max-width: 1072px; margin: 0 auto; }
        .banner.good { background: var(--good); }
        .banner.bad { background: var(--bad); }
        .banner.caution { background: var(--caution); }
        .banner.neutral { background: var(--neutral); }
        .banner .verdict { font-size: 26px; font-weight: 700; letter-spacing: 0.02em; }
        .banner .exit { font-size: 14px; font-weight: 600; padding: 2px 8px; margin-left: 8px;
          border-radius: 10px; background: rgba(255, 255, 255, 0.22); vertical-align: middle; }
        .banner .explanation { font-size: 15px; margin-top: 2px; }
        .banner .counts { margin-top: 6px; opacity: 0.92; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .scenario h2 { font-size: 19px; }
        .sub { margin: 0 0 10px; color: var(--neutral); }
        .note, figcaption, .muted { color: var(--neutral); font-size: 12.5px; }
        .alert { padding: 8px 12px; border-left: 4px solid var(--caution); background: #fff8c5; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 16px 0 0; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.interval { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--neutral); }
        tbody tr:hover { background: var(--soft); }
        .pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          line-height: 20px; white-space: nowrap; vertical-align: middle; }
        .pill.bad { background: #ffebe9; color: var(--bad); }
        .pill.good { background: #dafbe1; color: var(--good); }
        .pill.caution { background: #fff8c5; color: var(--caution); }
        .pill.neutral { background: var(--soft); color: var(--neutral); }
        ul { margin: 4px 0; padding-left: 20px; }
        li { margin: 2px 0; }
        figure { margin: 12px 0; }
        figure.wide { overflow-x: auto; }
        figure.wide svg { width: 100%; min-width: 720px; height: auto; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 20px; }
        .charts figure { margin: 8px 0; }
        .charts svg { width: 100%; height: auto; }
        details { margin-top: 8px; }
        summary { cursor: pointer; color: var(--current); }
        footer { max-width: 1120px; margin: 0 auto; padding: 16px 24px 32px; color: var(--neutral); font-size: 12px; }
        svg text { font-family: inherit; }
        svg .label { font-size: 12.5px; fill: #1f2328; }
        svg .label.gated { font-weight: 600; }
        svg .value { font-size: 12.5px; font-variant-numeric: tabular-nums; }
        svg .tick { font-size: 11px; fill: var(--neutral); font-variant-numeric: tabular-nums; }
        svg .axis-title, svg .legend { font-size: 11.5px; fill: var(--neutral); }
        svg .chart-title { font-size: 13.5px; font-weight: 600; fill: #1f2328; }
        svg .grid { stroke: #eaeef2; stroke-width: 1; }
        svg .axis { stroke: var(--line); stroke-width: 1; }
        svg .zero { stroke: #6e7781; stroke-width: 1.2; }
        svg .stripe { fill: #fafbfc; }
        svg .band { fill: #d8dee4; opacity: 0.7; }
        svg .whisker { stroke-width: 2.2; }
        svg .line { fill: none; stroke-width: 2; }
        svg .line.current, svg .marker.current { stroke: var(--current); }
        svg .line.baseline, svg .marker.baseline { stroke: var(--baseline); stroke-dasharray: 5 4; }
        svg .marker { fill: #fff; stroke-width: 1.8; }
        svg .marker.baseline { stroke-dasharray: none; }
        svg .bad { stroke: var(--bad); fill: var(--bad); }
        svg .good { stroke: var(--good); fill: var(--good); }
        svg .caution { stroke: var(--caution); fill: var(--caution); }
        svg .neutral { stroke: var(--neutral); fill: var(--neutral); }
        svg text.bad, svg text.good, svg text.caution, svg text.neutral { stroke: none; }
        svg .muted { fill: var(--neutral); }
        """
}
