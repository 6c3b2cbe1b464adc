import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/server.js';

const DOCS = path.join(REPO, 'docs');
const FILES = [path.join(REPO, 'README.md'), ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS, f))];

/** GitHub's anchor for a heading (github-slugger): lower case, everything but letters, digits, `_`, `-` and spaces dropped, spaces to hyphens. */
function slug(heading: string): string {
  const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

// Code is not markdown: a `# comment` in a shell block is no heading, a `[x](y)` in backticks no link.
// Each fenced line is blanked, not dropped, so line numbers stay right.
function withoutCode(text: string, inline = true): string {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (open && open[0] === fence[0] && open.length >= fence.length) fence = undefined;
      return '';
    }
    if (open) {
      fence = open;
      return '';
    }
    return inline ? line.replace(/(`+)[\s\S]*?\1/g, '') : line;
  }).join('\n');
}

/** The anchors a markdown file offers: one per heading (repeats get -1, -2, ...) and explicit `<a id>`s. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  // Inline code stays: its text is part of the heading's anchor (the backticks are dropped with the punctuation).
  for (const line of withoutCode(text, false).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  }
  return out;
}

/** Every relative link (inline, image or reference definition) in `text` that does not resolve, as "line: target (why)". */
function brokenLinks(file: string, text: string): string[] {
  const problems: string[] = [];
  withoutCode(text).split('\n').forEach((line, i) => {
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...line.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]),
    ];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not this test's business
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const resolved = pathPart === '' ? file : pathPart.startsWith('/') ? path.join(REPO, pathPart) : path.resolve(path.dirname(file), pathPart);
      const where = `${i + 1}: ${target}`;
      if (resolved !== REPO && !resolved.startsWith(REPO + path.sep)) problems.push(`${where} (outside the repository)`);
      else if (!fs.existsSync(resolved)) problems.push(`${where} (no such file)`);
      else if (anchor !== undefined) {
        if (resolved.endsWith('.md')) {
          if (!anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) problems.push(`${where} (no heading #${anchor} in ${path.relative(REPO, resolved)})`);
        } else if (!/^L\d+(-L\d+)?$/.test(anchor)) problems.push(`${where} (#${anchor} is not a line anchor of a non-markdown file)`);
      }
    }
  });
  return problems;
}

test('headings get the anchors GitHub gives them', () => {
  const doc = [
    '# Shared mode (HTTP)', '## §12 Layers', '#### bubblewrap is missing under `sandbox: required`',
    '### 6.1 How flags get smuggled — matcher requirements (all verified unless noted)',
    '## Notes', '## Notes', '```sh', '# not a heading', '```', '## [Linked](x.md) heading',
  ].join('\n');
  assert.deepEqual([...anchors(doc)], [
    'shared-mode-http', '12-layers', 'bubblewrap-is-missing-under-sandbox-required',
    '61-how-flags-get-smuggled--matcher-requirements-all-verified-unless-noted', 'notes', 'notes-1', 'linked-heading',
  ]);
});

test('the checker reports a missing file, a missing anchor and a link out of the repository, and nothing else', () => {
  const text = [
    'Fine: [readme](../README.md#two-commands), [self](#troubleshooting), [doc](configuration.md), [web](https://example.com/#x).',
    'Broken: [gone](no-such-file.md) and [anchor](configuration.md#no-such-heading).',
    'Out: [shared](../../shared/DESIGN.md). In code: `[x](nowhere.md)`.',
    '```md', '[y](nowhere-either.md)', '```',
    '[ref]: ./missing.png',
  ].join('\n');
  const problems = brokenLinks(path.join(DOCS, 'troubleshooting.md'), text);
  assert.deepEqual(problems.map((p) => p.replace(/ \(.*$/, '')), [
    '2: no-such-file.md', '2: configuration.md#no-such-heading', '3: ../../shared/DESIGN.md', '7: ./missing.png',
  ]);
});

for (const file of FILES) {
  const name = path.relative(REPO, file);
  test(`every relative link in ${name} names a file that exists, and an anchor that is one of its headings`, () => {
    assert.deepEqual(brokenLinks(file, fs.readFileSync(file, 'utf8')), [], `${name} has broken links`);
  });
}

test('the README links every doc in docs/', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  for (const file of FILES.slice(1)) {
    const rel = path.relative(REPO, file).split(path.sep).join('/');
    assert.ok(readme.includes(`](${rel})`) || readme.includes(`](./${rel})`), `the README does not link ${rel}`);
  }
});
