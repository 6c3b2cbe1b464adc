// `VERB --help`, `VERB -h` and `help VERB` print that verb's usage and exit 0, for every
// verb the top-level help lists: a verb whose help disappears fails here (one that
// disappears from the top-level help fails verbs.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

const top = runCli(['--help']).stdout;

/** Each verb of the top-level help with its usage lines, read from what users see. */
function listedVerbs(): Map<string, string> {
  const section = top.slice(top.indexOf('\nVerbs:\n') + 8, top.indexOf('\nOptions:\n'));
  const verbs = new Map<string, string>();
  let current: string | undefined;
  for (const line of section.split('\n').filter(Boolean)) {
    // A verb line starts at column 2 with the verb and any subverb (`audit tail`); flags and
    // continuation lines do not.
    const name = /^ {2}([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?= |$)/.exec(line)?.[1];
    if (name) current = name;
    verbs.set(current!, `${verbs.get(current!) ?? ''}${line}\n`);
  }
  return verbs;
}

const verbs = listedVerbs();

// Which verbs the help must list is pinned in verbs.test.ts (the contract); here, each one's usage.
for (const [verb, usage] of verbs) {
  const words = verb.split(' ');
  for (const form of [[...words, '--help'], [...words, '-h'], ['help', ...words]]) {
    test(`mcp-warden ${form.join(' ')} prints the usage of ${verb} and exits 0`, () => {
      const r = runCli(form);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^Usage of mcp-warden ${verb}:\n`));
      assert.ok(r.stdout.includes(usage), `the same lines as in mcp-warden --help:\n${usage}\ngot:\n${r.stdout}`);
      // Only this verb: no other verb's usage.
      for (const other of verbs.keys()) if (other !== verb) assert.ok(!r.stdout.includes(verbs.get(other)!), `${other} shown too`);
    });
  }
}

test('--help never runs the verb: init --help writes no config, and flags before it do not matter', () => {
  const r = runCli(['init', '--frobnicate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage of mcp-warden init:/);
});

test('a group answers with its subverbs; an unknown verb gets exit 2 and the list of verbs', () => {
  const audit = runCli(['audit', '--help']);
  assert.equal(audit.code, 0);
  for (const sub of ['tail', 'search', 'show', 'verify', 'export', 'stats', 'prune', 'report']) assert.ok(audit.stdout.includes(`  audit ${sub} `), sub);
  const unknown = runCli(['help', 'frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No help for "frobnicate"\. Verbs: serve, init, .*See mcp-warden --help\./);
});
