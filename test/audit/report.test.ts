import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { AuditStore, openAuditDatabase } from '../../src/audit/store.js';
import { renderReport } from '../../src/audit/report.js';
import { escapeHtml } from '../../src/audit/report-escape.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

async function report(options: { key?: Buffer; readKey?: Buffer } = {}) {
  const file = path.join(tempDir('warden-report-'), 'audit.db');
  await writeFixtureLog(file, { key: options.key });
  const db = await openAuditDatabase(file, { readonly: true });
  return renderReport(db, { key: options.readKey, source: 'audit.db', now: new Date('2025-03-03T00:00:00Z') });
}

test('hostile stored values are escaped: no markup from the log reaches the page', async () => {
  const html = await report();
  assert.ok(!html.includes(FIXTURE.hostileMarkup), 'the raw markup is not in the page');
  assert.ok(!html.includes('<script>window.__pwned'));
  assert.ok(!/<img\b/i.test(html));
  assert.ok(html.includes(escapeHtml(FIXTURE.hostileMarkup)), 'it is shown, escaped');
  assert.ok(!html.includes('\u001b'), 'no terminal escapes in the markup');
  assert.equal(html.match(/<script\b/g)?.length, 1, 'exactly one script: the report\'s own');
});

test('attack: a bidi override, zero-width space or control in a stored value is a visible escape in the page, never raw', async () => {
  const file = path.join(tempDir('warden-report-'), 'audit.db');
  const store = await AuditStore.open(file);
  const hostile = 'invoice\u202egpj.exe config\u200b.js \u001b]52;c;eA==\u0007 \u009b2K\u2066x\u2069 <b>';
  store.append({
    session: 's', call: 'c1', principal: 'me', tool: `read_file${hostile}`, kind: 'decision', decision: 'deny', reason: `Denied: ${hostile}`,
    resource: { type: 'file', path: `/w/${hostile}` }, args: { path: hostile },
  });
  store.close();
  const db = await openAuditDatabase(file, { readonly: true });
  const html = renderReport(db, { source: 'audit.db' });
  db.close();
  for (const c of ['\u202e', '\u200b', '\u001b', '\u0007', '\u009b', '\u2066', '\u2069']) assert.ok(!html.includes(c), `U+${c.codePointAt(0)!.toString(16)} raw in the page`);
  assert.ok(html.includes('Denied: invoice\\u{202e}gpj.exe config\\u{200b}.js \\e]52;c;eA==\\u{7} \\u{9b}2K\\u{2066}x\\u{2069} &lt;b&gt;'), 'shown escaped in the reason');
  assert.equal(escapeHtml('a\u202eb<'), 'a\\u{202e}b&lt;');
  assert.equal(escapeHtml('x'.repeat(50), 10), `${'x'.repeat(10)}… (40 more characters)`);
});

test('self-contained: no URL to fetch, and a CSP that pins the one style and script by hash', async () => {
  const html = await report();
  assert.ok(!/<[^>]*\b(?:src|href)\s*=/i.test(html), 'no tag has a src or href attribute');
  assert.ok(!/https?:\/\//i.test(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')), 'no http(s) URL');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  assert.ok(csp.includes(`script-src ${hash(script)}`), 'the script hash matches');
  assert.ok(csp.includes(`style-src ${hash(style)}`), 'the style hash matches');
});

test('the parts: a row per call, denials marked with their explanation, charts per tool and decision, the search box', async () => {
  const html = await report();
  assert.equal(html.match(/<tr class="/g)?.length, FIXTURE.calls);
  assert.equal(html.match(/<tr class="deny/g)?.length, 5);
  assert.ok(html.includes(escapeHtml(FIXTURE.envReason)));
  assert.match(html, /<h2>Calls per tool<\/h2><svg/);
  assert.match(html, /<h2>Calls per decision<\/h2><svg/);
  assert.match(html, /<h2>Timeline<\/h2><svg/);
  assert.match(html, /<input id="filter" type="search"/);
  assert.match(html, /policy no-env-files/);
});

test('encrypted args are shown only with the key', async () => {
  const key = randomBytes(32);
  const without = await report({ key });
  assert.ok(without.includes('[encrypted]'));
  assert.ok(!without.includes('DELETE FROM orders'));
  const withKey = await report({ key, readKey: key });
  assert.ok(withKey.includes('DELETE FROM orders'));
});

test('escapeHtml covers content and attribute contexts', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml({ a: '<' }), '{&quot;a&quot;:&quot;&lt;&quot;}');
});
