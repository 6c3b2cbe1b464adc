// The report's only style and script, inlined and pinned by hash in its CSP.

export const REPORT_CSS = `
:root { --allow: #2e7d32; --deny: #c62828; --ask: #ef8f00; --muted: #5f6368; --line: #e0e0e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #202124; background: #f7f7f8; }
header { background: #202124; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #c7c7c7; }
main { padding: 16px 24px; max-width: 1200px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0 0 16px; }
h2 { font-size: 15px; margin: 0 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { min-width: 110px; }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.charts figure { margin: 0; flex: 1 1 520px; }
svg text { font-size: 11px; fill: #3c4043; }
svg .axis { stroke: #9aa0a6; }
rect.allow, .legend .allow { fill: var(--allow); background: var(--allow); }
rect.deny, .legend .deny { fill: var(--deny); background: var(--deny); }
rect.ask, .legend .ask { fill: var(--ask); background: var(--ask); }
.legend { color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
#filter { flex: 1; font: inherit; padding: 6px 10px; border: 1px solid #bbb; border-radius: 6px; }
#decision { font: inherit; padding: 5px; }
#count { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-top: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
td.res, td.args { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
tr.deny { background: #fdecea; }
tr.deny td.why { color: #8e1b1b; font-weight: 600; }
tr.ask td.dec { color: #a15c00; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: 12px; }
.badge.allow { background: var(--allow); }
.badge.deny { background: var(--deny); }
.meta { display: block; font-weight: 400; color: var(--muted); font-size: 12px; }
ol.denials li { margin: 2px 0; }
.empty { color: var(--muted); }
`;

export const REPORT_JS = `
(function () {
  var input = document.getElementById('filter');
  var decision = document.getElementById('decision');
  var count = document.getElementById('count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#calls tbody tr'));
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var want = decision.value;
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = (!want || row.getAttribute('data-decision') === want || (want === 'ask' && row.hasAttribute('data-asked')))
        && words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' calls';
  }
  input.addEventListener('input', apply);
  decision.addEventListener('change', apply);
  apply();
})();
`;
