import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { openAuditDatabase } from '../../src/audit/store.js';
import { renderReport } from '../../src/audit/report.js';
import { REPO } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

// The HTML report in a real headless Chromium (Debian's package, driven by playwright-core).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let context: BrowserContext | undefined;
after(async () => { await context?.close(); });

async function openReport() {
  assert.ok(fs.existsSync(CHROMIUM),
    `Chromium is not installed at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (Debian; .ci/run does this), or set CHROMIUM_PATH.`);
  const dir = tempDir('warden-report-browser-');
  const db = path.join(dir, 'audit.db');
  await writeFixtureLog(db);
  const html = path.join(dir, 'report.html');
  fs.writeFileSync(html, renderReport(await openAuditDatabase(db, { readonly: true }), { source: 'audit.db' }));
  // A fresh profile each run (launchPersistentContext is how playwright takes --user-data-dir).
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(html).href;
  await page.goto(url);
  return { page, problems, requests, url, dir };
}

test('the report in Chromium: loads clean, lists the calls, filters, explains a denial, runs no injected script', async () => {
  const { page, problems, requests, url } = await openReport();
  const rows = page.locator('#calls tbody tr');
  const visible = () => page.locator('#calls tbody tr:not([hidden])').count();

  assert.equal(await rows.count(), FIXTURE.calls);
  assert.equal(await visible(), FIXTURE.calls);
  assert.equal(await page.locator('#count').textContent(), `${FIXTURE.calls} of ${FIXTURE.calls} calls`);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'the hostile row ran nothing');
  assert.equal(await page.locator('svg').count(), 3, 'timeline, per-tool and per-decision charts');

  await page.fill('#filter', '.env');
  assert.equal(await visible(), 1);
  assert.equal(await page.locator('#count').textContent(), `1 of ${FIXTURE.calls} calls`);
  const denial = page.locator('#calls tbody tr:not([hidden])');
  assert.equal(await denial.getAttribute('data-decision'), 'deny');
  const why = denial.locator('td.why');
  assert.ok(await why.isVisible());
  assert.ok((await why.textContent())!.includes(FIXTURE.envReason), 'the denial shows its explanation');
  assert.ok((await why.textContent())!.includes('policy no-env-files'));
  const highlight = await denial.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(highlight, 'rgba(0, 0, 0, 0)', 'a denial is highlighted');

  await page.fill('#filter', 'ask-before-docs declined');
  assert.equal(await visible(), 1, 'every word must match');
  await page.fill('#filter', '');
  await page.selectOption('#decision', 'deny');
  assert.equal(await visible(), 5);
  await page.selectOption('#decision', 'ask');
  assert.equal(await visible(), 2);
  await page.selectOption('#decision', '');
  assert.equal(await visible(), FIXTURE.calls);

  if (process.env.UPDATE_SCREENSHOT) {
    await page.screenshot({ path: path.join(REPO, 'docs', 'audit-report.png'), fullPage: true });
  }
  assert.deepEqual(problems, [], 'no console errors (a CSP violation would be one)');
  assert.deepEqual([...new Set(requests)], [url], 'no network fetch: only the file itself');
});
