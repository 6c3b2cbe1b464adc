// Random spellings of denied options (command-hazards.md §6.1: --opt=value, --opt value,
// every GNU prefix, attached short values, bundles, single-dash long names) among
// harmless arguments: always refused. The same arguments without it: accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkArguments } from '../../src/guards/command-rules.js';
import { HAZARDS, type Hazards } from '../../src/guards/command-hazards.js';
import { WardenError } from '../../src/errors.js';
import type { ResolvedProgram } from '../../src/guards/command-programs.js';
import { fcAssert, fcParams } from '../helpers/reliability.js';

const program = (name: string, rule: Partial<ResolvedProgram['rule']> = {}): ResolvedProgram => ({
  name, path: `/usr/bin/${name}`, realPath: `/usr/bin/${name}`, rule: { dangerous: false, ...rule },
  hazards: HAZARDS[name] ? [HAZARDS[name]] : [], interpreter: false,
});

type Option = { kind: 'long' | 'short' | 'single'; name: string };
const optionsOf = (d: Hazards['deny'] = {}): Option[] => [
  ...(d.long ?? []).map((name) => ({ kind: 'long' as const, name })),
  ...[...(d.short ?? '')].map((name) => ({ kind: 'short' as const, name })),
  ...(d.single ?? []).map((name) => ({ kind: 'single' as const, name })),
];

/** Every (program, denied option, subcommand it applies after) in the built-in table. */
const DENIED = Object.entries(HAZARDS).flatMap(([name, h]) => [
  ...optionsOf(h.deny).map((option) => ({ name, option, sub: h.globals ? 'log' : undefined })),
  ...Object.entries(h.perSubcommand ?? {}).flatMap(([sub, d]) => optionsOf(d).map((option) => ({ name, option, sub }))),
]);

const value = fc.constantFrom('sh', '/bin/sh -c id', 'x', '=', '', '/tmp/out', 'exec=touch /tmp/p');

/** One spelling of an option, as one or two arguments. */
function spellings(o: Option, benignLetters: string): fc.Arbitrary<string[]> {
  if (o.kind === 'single') return fc.oneof(fc.constant<string[]>([`-${o.name}`]), value.map((v) => [`-${o.name}`, v]), value.map((v) => [`-${o.name}=${v}`]));
  if (o.kind === 'short') {
    const around = fc.string({ unit: fc.constantFrom(...benignLetters), maxLength: 3 });
    return fc.oneof(
      fc.constant<string[]>([`-${o.name}`]),
      value.map((v) => [`-${o.name}${v}`]),
      value.map((v) => [`-${o.name}`, v]),
      fc.tuple(around, around).map(([a, b]) => [`-${a}${o.name}${b}`]),
      fc.tuple(around, value).map(([a, v]) => [`-${a}${o.name}${v}`]),
    );
  }
  const prefix = fc.integer({ min: 1, max: o.name.length }).map((n) => o.name.slice(0, n));
  return fc.oneof(
    fc.constant<string[]>([`--${o.name}`]),
    value.map((v) => [`--${o.name}=${v}`]),
    value.map((v) => [`--${o.name}`, v]),
    prefix.map((p) => [`--${p}`]),
    fc.tuple(prefix, value).map(([p, v]) => [`--${p}=${v}`]),
  );
}

/** Harmless arguments for a program: operands and letters no rule of it denies. */
function fillers(name: string): { args: fc.Arbitrary<string[]>; letters: string } {
  const h = HAZARDS[name];
  const deniedLetters = [h.deny?.short ?? '', ...Object.values(h.perSubcommand ?? {}).map((d) => d.short ?? '')].join('');
  const letters = [...'nvqsk'].filter((c) => !deniedLetters.includes(c)).join('');
  const arg = fc.oneof(fc.constantFrom('a.txt', 'src', '.', 'README.md'), fc.constantFrom(...letters).map((c) => `-${c}`));
  return { args: fc.array(arg, { maxLength: 3 }), letters };
}

const refuses = (p: ResolvedProgram, args: string[]) => {
  try {
    checkArguments(p, args);
    return false;
  } catch (error) {
    assert.ok(error instanceof WardenError && error.code === 'denied', `${p.name} ${JSON.stringify(args)} threw ${error}`);
    return true;
  }
};

test('every spelling of a denied option of the hazard table is refused', async () => {
  const cases = fc.constantFrom(...DENIED).chain(({ name, option, sub }) => {
    const { args, letters } = fillers(name);
    return fc.record({ name: fc.constant(name), sub: fc.constant(sub), before: args, spelled: spellings(option, letters), after: args });
  });
  await fcAssert(fc.property(cases, ({ name, sub, before, spelled, after }) => {
    const p = program(name);
    // tar's first word must carry a dash (old-style bundles are refused on their own).
    const head = [...(sub ? [sub] : []), ...(name === 'tar' ? ['-v'] : [])];
    const without = [...head, ...before, ...after];
    assert.equal(refuses(p, without), false, `${name} ${JSON.stringify(without)} should be accepted without the denied option`);
    assert.ok(refuses(p, [...head, ...before, ...spelled, ...after]), `${name} ${JSON.stringify([...head, ...before, ...spelled, ...after])} was accepted`);
  }), fcParams(3000, 100_000));
});

const name = fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/);
const configOption = fc.oneof(
  name.map((n) => ({ kind: 'long' as const, name: n })),
  fc.constantFrom(...'abcdefghijklmopruwxyzABCDEFGHIJKLMOPRUWXYZ').map((n) => ({ kind: 'short' as const, name: n })),
  name.map((n) => ({ kind: 'single' as const, name: n })),
);
const entry = (o: Option) => (o.kind === 'long' ? `--${o.name}` : `-${o.name}`);

test('every spelling of an option in a config denyArgs is refused', async () => {
  const cases = configOption.chain((option) => fc.record({ option: fc.constant(option), spelled: spellings(option, 'nvqs') }));
  await fcAssert(fc.property(cases, ({ option, spelled }) => {
    const p = program('cat', { denyArgs: [entry(option)] });
    assert.equal(refuses(p, ['-n', 'a.txt']), false);
    assert.ok(refuses(p, ['-n', ...spelled, 'a.txt']), `cat ${JSON.stringify(spelled)} passed denyArgs ${entry(option)}`);
  }), fcParams(2000, 50_000));
});

test('with allowArgs, an option not listed is refused in every spelling, abbreviations of listed ones too', async () => {
  const cases = fc.record({
    allowed: fc.uniqueArray(configOption, { maxLength: 4, selector: entry }),
    other: configOption,
  }).filter(({ allowed, other }) => !allowed.some((a) => entry(a) === entry(other)))
    .chain(({ allowed, other }) => {
      const letters = allowed.filter((a) => a.kind === 'short').map((a) => a.name).join('') || 'n';
      return fc.record({ allowed: fc.constant(allowed), spelled: spellings(other, letters) });
    });
  await fcAssert(fc.property(cases, ({ allowed, spelled }) => {
    const p = program('cat', { allowArgs: allowed.map(entry) });
    const listed = allowed.filter((a) => a.kind !== 'short').map(entry);
    // An exact listed name (with its value) is the one spelling that may pass.
    const letters = allowed.filter((a) => a.kind === 'short').map((a) => a.name).join('');
    fc.pre(!listed.includes(spelled[0]) && !listed.some((l) => spelled[0].startsWith(`${l}=`)));
    // A bundle made only of listed letters is those options, not the other one.
    fc.pre(!(letters && new RegExp(`^-[${letters}]+$`).test(spelled[0])));
    assert.ok(refuses(p, ['a.txt', ...spelled]), `cat ${JSON.stringify(spelled)} passed allowArgs ${JSON.stringify(allowed.map(entry))}`);
  }), fcParams(2000, 50_000));
});
