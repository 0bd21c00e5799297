/// The report's stylesheet, inlined: system fonts only, no network. Colours keep text at 4.5:1 or
/// better on its background, and no text is smaller than 12px.
enum Styles {
    static let css = #"""
    :root { --text: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --link: #0550ae;
      --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --warn: #6b4400; --warn-bg: #fff8c5; }
    * { box-sizing: border-box; }
    html { font-size: 15px; }
    body { margin: 0; color: var(--text); background: #ffffff; line-height: 1.5;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; }
    code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; font-size: 13px; }
    a { color: var(--link); }
    a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, pre:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
    .skip { position: absolute; left: -9999px; top: 0; background: #ffffff; color: var(--link); padding: 8px 12px; z-index: 10; }
    .skip:focus { left: 8px; }
    header.top { background: #24292f; color: #ffffff; padding: 18px 28px 16px; }
    header.top h1 { margin: 0 0 4px; font-size: 24px; line-height: 1.25; }
    header.top p { margin: 0; color: #eaeef2; }
    header.top code { color: #ffffff; }
    nav.sections { position: sticky; top: 0; z-index: 5; background: #ffffff; border-bottom: 1px solid var(--line); padding: 0 28px; }
    nav.sections ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 22px; }
    nav.sections a { display: inline-block; padding: 10px 0; text-decoration: none; font-weight: 600; }
    main { max-width: 1680px; margin: 0 auto; padding: 8px 28px 40px; }
    section { padding-top: 12px; border-bottom: 1px solid var(--line); padding-bottom: 20px; }
    section:last-child { border-bottom: 0; }
    h2 { font-size: 21px; margin: 14px 0 10px; }
    h3 { font-size: 17px; margin: 18px 0 8px; }
    h4 { font-size: 15px; margin: 0 0 6px; }
    h5 { font-size: 14px; margin: 14px 0 6px; }
    .muted { color: var(--muted); }
    .small { font-size: 13px; }
    .ok { color: var(--ok); }
    .bad { color: var(--bad); }
    .warn { color: var(--warn); }
    .notice { padding: 8px 12px; border-radius: 6px; }
    .notice.warn { background: var(--warn-bg); }
    .verdict-box { display: inline-block; font-size: 17px; padding: 10px 16px; border-radius: 8px; margin: 4px 0 8px; border: 1px solid; }
    .verdict-box.ok { background: var(--ok-bg); color: var(--ok); }
    .verdict-box.bad { background: var(--bad-bg); color: var(--bad); }
    .verdict-box.warn { background: var(--warn-bg); color: var(--warn); }
    .summary-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 8px 40px; }
    .operations { padding-left: 22px; margin: 0; }
    .operations li { margin: 4px 0; }
    dl.glance, dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 0; }
    dl.glance dt, dl.facts dt { color: var(--muted); }
    dl.glance dd, dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    .table-scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 4px 0 8px; }
    caption { text-align: left; color: var(--muted); font-size: 13px; padding: 2px 0 6px; }
    th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
    thead th { background: var(--soft); font-weight: 600; }
    tbody th { font-weight: 500; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.bad > * { background: #fff5f5; }
    td.status { white-space: nowrap; }
    td.status.passed { color: var(--ok); font-weight: 600; }
    td.status.failed { color: var(--bad); font-weight: 600; }
    td.status.pending { color: var(--warn); font-weight: 600; }
    .extra { font-size: 13px; }
    pre { margin: 0; padding: 10px 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 420px; }
    pre.sample { max-height: 160px; padding: 4px 8px; }
    .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; margin: 8px 0 4px; }
    .toolbar .search { font-weight: 600; }
    .toolbar input { font: inherit; font-weight: 400; padding: 5px 10px; border: 1px solid #6e7781; border-radius: 6px; min-width: 240px; color: var(--text); background: #ffffff; }
    .collapse-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
    button.collapse { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 999px; border: 1px solid #6e7781; background: #ffffff; color: var(--text); cursor: pointer; }
    button.collapse[aria-pressed="true"] { background: #24292f; color: #ffffff; border-color: #24292f; }
    button.collapse[aria-pressed="true"]::before { content: "▸ "; }
    button.collapse[aria-pressed="false"]::before { content: "▾ "; }
    .legend { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; color: var(--muted); }
    .impact-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; margin-top: 6px; }
    .graph-scroll { overflow: auto; max-height: 62vh; border: 1px solid var(--line); border-radius: 8px; background: #fbfcfd; }
    .detail-panel { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 14px; overflow: auto; background: #ffffff; }
    @media (min-width: 1640px) { .impact-layout { grid-template-columns: minmax(0, 1fr) 400px; } .graph-scroll, .detail-panel { max-height: 680px; } }
    .detail-panel h3 { margin-top: 10px; }
    .detail pre { max-height: 320px; }
    ol.path { padding-left: 20px; margin: 0; font-size: 13px; }
    ol.path li { margin: 3px 0; overflow-wrap: anywhere; }
    .badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 8px; border-radius: 999px; border: 1px solid; }
    .badge.direct { background: #ddf4ff; color: #0a3069; }
    .badge.indirect { background: var(--soft); color: #424a53; }
    .badge.root { background: #fff4d6; color: #6b4400; }
    svg#impact-svg { display: block; font-family: inherit; }
    .layer-label { font-size: 12px; font-weight: 700; fill: #424a53; }
    .node { cursor: pointer; }
    .node:focus { outline: none; }
    .node > rect:first-of-type { fill: #ffffff; stroke: #8c959f; stroke-width: 1; }
    .node .name { font-size: 13px; font-weight: 600; fill: #1b1f24; }
    .node .meta { font-size: 12px; fill: #424a53; }
    .node.root > rect:first-of-type { fill: #fff4d6; stroke: #9a6700; stroke-width: 2; }
    .node.root .stripe { fill: #9a6700; }
    .node.summary > rect:first-of-type { stroke-dasharray: 5 3; stroke-width: 1.5; }
    .node.k-dbtModels > rect:first-of-type { fill: #eef4ff; } .node.k-dbtModels .stripe { fill: #1f4fbf; }
    .node.k-dagTasks > rect:first-of-type { fill: #fff3e6; } .node.k-dagTasks .stripe { fill: #a1400e; }
    .node.k-views > rect:first-of-type { fill: #ebf8ef; } .node.k-views .stripe { fill: #1a7f37; }
    .node.k-exposures > rect:first-of-type { fill: #f6edff; } .node.k-exposures .stripe { fill: #7c3aed; }
    .node.k-dashboards > rect:first-of-type { fill: #ffeef3; } .node.k-dashboards .stripe { fill: #bf1d4f; }
    .node.k-apis > rect:first-of-type { fill: #e7f7f8; } .node.k-apis .stripe { fill: #0b6e7a; }
    .node.on-path > rect:first-of-type { stroke: #0550ae; stroke-width: 2.5; }
    .node.selected > rect:first-of-type, .node:focus > rect:first-of-type { stroke: #0550ae; stroke-width: 3.5; }
    .node:focus-visible > rect:first-of-type { stroke: #0969da; stroke-width: 4; }
    .edge { fill: none; }
    .edge.direct { stroke: #3d4650; stroke-width: 1.8; marker-end: url(#arrow-direct); }
    .edge.indirect { stroke: #6e7781; stroke-width: 1.5; stroke-dasharray: 6 4; marker-end: url(#arrow-indirect); }
    .edge.on-path { stroke: #0550ae; stroke-width: 3; }
    .arrow.direct { fill: #3d4650; } .arrow.indirect { fill: #6e7781; }
    details.consumer-table { margin-top: 14px; }
    details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
    ol.timeline { list-style: none; margin: 0; padding: 0 0 0 22px; border-left: 3px solid var(--line); }
    li.phase { position: relative; margin: 0 0 10px; }
    li.phase > h3::before { content: ""; position: absolute; left: -32px; top: 5px; width: 14px; height: 14px; border-radius: 50%; background: #ffffff; border: 3px solid #57606a; }
    article.step, article.query-plan, article.patch { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 10px 0; background: #ffffff; }
    article.step.flagged, article.query-plan.flagged { border: 2px solid #cf222e; background: #fffafa; }
    ul.chips { list-style: none; padding: 0; margin: 6px 0 8px; display: flex; flex-wrap: wrap; gap: 6px; }
    ul.chips li { font-size: 13px; padding: 2px 10px; border-radius: 999px; border: 1px solid var(--line); background: var(--soft); }
    ul.chips li.lock-reads { background: var(--bad-bg); color: #82071e; border-color: #ffcecb; }
    ul.chips li.lock-writes { background: var(--warn-bg); color: var(--warn); border-color: #eac54f; }
    ul.chips li.ok { background: var(--ok-bg); color: var(--ok); }
    ul.chips li.bad { background: var(--bad-bg); color: var(--bad); }
    .flag { background: var(--bad-bg); color: #5c0011; border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
    .flag ul { margin: 4px 0 0; padding-left: 20px; }
    .gate { background: var(--warn-bg); color: var(--warn); border-radius: 6px; padding: 6px 12px; }
    details.sql-block { margin: 6px 0; }
    details.sql-block > summary { font-size: 14px; }
    pre.diff { padding: 6px 0; }
    pre.diff span { display: block; padding: 0 12px; min-height: 1.5em; white-space: pre; }
    .d-file { font-weight: 700; }
    .d-hunk { background: #ddf4ff; color: #0a3069; }
    .d-added { background: var(--ok-bg); color: #0f3d1d; }
    .d-removed { background: var(--bad-bg); color: #5c0011; }
    .plans { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    ol.plan-nodes { margin: 0; padding-left: 22px; font-size: 14px; }
    ul.findings li, ul.notes li { margin: 4px 0; }
    p.verdict { font-size: 16px; }
    footer { color: var(--muted); font-size: 13px; padding: 16px 28px 28px; max-width: 1680px; margin: 0 auto; }
    dl.hashes { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 16px; }
    dl.hashes dd { margin: 0; overflow-wrap: anywhere; }
    @media (max-width: 1360px) { main, nav.sections, header.top { padding-left: 20px; padding-right: 20px; } }
    @media (max-width: 1100px) { .summary-grid, .plans { grid-template-columns: minmax(0, 1fr); } }
    """#
}
