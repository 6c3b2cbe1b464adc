import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';
import {
  DOCKERFILE, IMAGE_USER, configMapConfig, dockerIgnores, dockerignoreRules, envOf, layOutVolumes, loadManifests, only, parseDockerfile,
} from './files.js';

const { stages } = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
const runtime = stages[stages.length - 1];
const build = stages.find((s) => s.name && runtime.instructions.some((i) => i.flags.from === s.name))!;
const last = (op: string, stage = runtime) => stage.instructions.filter((i) => i.op === op).at(-1);
const cmd = last('CMD')!.json!;
const flag = (name: string) => cmd[cmd.indexOf(name) + 1];
const { manifests } = loadManifests();
const server = only(manifests, 'Deployment').spec.template.spec.containers[0];

test('the parser reads continuations, flags, exec form and ARG substitution', () => {
  const parsed = parseDockerfile('ARG V=1.2.3\nFROM node:${V}-slim AS a\n# c\nRUN a \\\n  # inner\n  && b\nCOPY --from=a --chown=1:1 /x ./y\nCMD ["x", "--port", "1"]\n');
  assert.equal(parsed.stages[0].base, 'node:1.2.3-slim');
  assert.equal(parsed.stages[0].name, 'a');
  assert.deepEqual(parsed.stages[0].instructions.map((i) => [i.op, i.args, i.flags]), [
    ['RUN', 'a && b', {}], ['COPY', '/x ./y', { from: 'a', chown: '1:1' }], ['CMD', '["x", "--port", "1"]', {}],
  ]);
});

test('two stages, both base images pinned to a full Node version; the runtime one is slim', () => {
  assert.ok(stages.length >= 2, `${stages.length} stage(s)`);
  assert.ok(build, 'the runtime stage copies from no named stage');
  for (const s of stages) assert.match(s.base, /^node:\d+\.\d+\.\d+-bookworm(-slim)?(@sha256:[0-9a-f]{64})?$/, `unpinned base ${s.base}`);
  assert.match(runtime.base, /-slim\b/);
  assert.equal(build.base.split(':')[1].split('-')[0], runtime.base.split(':')[1].split('-')[0], 'build and runtime on different Node versions (the native module would not load)');
});

test('the build stage installs from the lockfile, builds, then prunes dev dependencies', () => {
  const runs = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' && ');
  const at = (re: RegExp) => runs.search(re);
  assert.ok(at(/npm ci\b/) >= 0, 'no npm ci');
  assert.ok(at(/npm run build\b/) > at(/npm ci\b/), 'npm run build before npm ci');
  assert.ok(at(/npm prune --omit=dev\b/) > at(/npm run build\b/), 'no npm prune --omit=dev after the build');
});

test('the runtime stage installs no compilers and copies only the shipped files and prod node_modules', () => {
  const compilers = /\b(build-essential|g\+\+|gcc|clang|make|python3?|node-gyp)\b/;
  for (const i of runtime.instructions.filter((x) => x.op === 'RUN')) {
    assert.doesNotMatch(i.args, /\b(apt-get|apt|apk|dnf|yum)\b[^&;]*\binstall\b|\bapk add\b/, `line ${i.line}: the runtime stage installs packages`);
    assert.doesNotMatch(i.args, compilers, `line ${i.line}: names a compiler`);
    assert.doesNotMatch(i.args, /\bnpm (ci|install|rebuild)\b/, `line ${i.line}: runs an install (and so maybe node-gyp) in the runtime stage`);
  }
  const copies = runtime.instructions.filter((i) => i.op === 'COPY' || i.op === 'ADD');
  assert.ok(copies.every((i) => i.op === 'COPY' && i.flags.from === build.name), 'the runtime stage copies from the build context or uses ADD');
  const workdir = last('WORKDIR', build)!.args;
  const sources = copies.map((i) => path.posix.relative(workdir, i.args.split(/\s+/)[0])).sort();
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  // What `npm pack` ships (package.json "files") minus docs and the example config, plus what an install adds.
  const shipped = pkg.files.map((f: string) => f.replace(/\/$/, '')).filter((f: string) => !/\.(md|json)$/.test(f));
  assert.deepEqual(sources, [...shipped, 'package.json', 'node_modules'].sort());
});

test('USER is numeric and non-root, the same uid and gid the Deployment runs as', () => {
  const user = last('USER')!.args;
  assert.match(user, /^\d+:\d+$/);
  const [uid, gid] = user.split(':').map(Number);
  assert.ok(uid > 0 && gid > 0);
  assert.equal(uid, IMAGE_USER);
  assert.deepEqual([server.securityContext.runAsUser, server.securityContext.runAsGroup], [uid, gid]);
  const userLine = last('USER')!.line;
  assert.ok(runtime.instructions.filter((i) => i.op === 'RUN').every((i) => i.line < userLine), 'a RUN after USER');
});

test('ENTRYPOINT runs the copied bin; CMD serves HTTP on all interfaces with the config the Deployment mounts', () => {
  const workdir = last('WORKDIR')!.args;
  assert.deepEqual(last('ENTRYPOINT')!.json, ['node', path.posix.join(workdir, 'bin', 'mcp-warden.js')]);
  assert.deepEqual(cmd.slice(0, 2), ['serve', '--http']);
  assert.equal(flag('--host'), '0.0.0.0');
  assert.deepEqual(server.args, cmd, 'deployment.yaml args differ from the image CMD');
  assert.ok(server.volumeMounts.some((m: any) => m.mountPath === flag('--config')), `nothing mounted at ${flag('--config')}`);
});

test('EXPOSE, the CMD --port and the Deployment containerPort agree', () => {
  assert.equal(last('EXPOSE')!.args, flag('--port'));
  assert.equal(server.ports[0].containerPort, Number(flag('--port')));
});

test('HEALTHCHECK asks /healthz on loopback at the CMD port with node (no curl in slim)', () => {
  const check = last('HEALTHCHECK')!;
  assert.equal(check.json, undefined, 'HEALTHCHECK needs CMD before its exec form');
  const [, exec] = /^CMD\s+(\[.*\])$/.exec(check.args)!;
  const argv: string[] = JSON.parse(exec);
  assert.equal(argv[0], 'node');
  assert.match(argv.join(' '), new RegExp(`http://127\\.0\\.0\\.1:${flag('--port')}/healthz`));
});

test('a read-only root works: HOME and TMPDIR on the /tmp emptyDir, the state folder owned by USER and holding the audit log', () => {
  const env = envOf(runtime);
  assert.equal(env.HOME, '/tmp');
  assert.equal(env.TMPDIR, '/tmp');
  const tmp = server.volumeMounts.find((m: any) => m.mountPath === '/tmp');
  assert.ok(tmp, 'no volume at /tmp');
  const runs = runtime.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
  const owned = /chown (\d+):(\d+) (\S+)/.exec(runs);
  assert.ok(owned, 'no chown of the state folder');
  assert.deepEqual([Number(owned[1]), Number(owned[2])], [IMAGE_USER, IMAGE_USER]);
  assert.ok(configMapConfig(manifests).json.audit.path.startsWith(`${owned[3]}/`), 'audit.path is not in the state folder');
  assert.ok(runtime.instructions.some((i) => i.op === 'VOLUME' && i.args.includes(owned[3])), 'the state folder is no VOLUME');
});

test('.dockerignore lets in what the build copies and keeps out node_modules, dist, .git, databases and audit logs', () => {
  const rules = dockerignoreRules();
  const fromContext = build.instructions.filter((i) => i.op === 'COPY' && !i.flags.from).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  const tracked = execFileSync('git', ['ls-files', ...fromContext], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.ok(tracked.length > 50);
  assert.deepEqual(tracked.filter((f) => dockerIgnores(rules, f)), [], 'sources the build needs are kept out of the context');
  for (const out of ['node_modules/zod/package.json', 'dist/bundle/main.js', '.git/HEAD', 'fixtures/db/example.db', 'mcp-warden-audit.db',
    'mcp-warden-audit.db-wal', 'test/server/stdio.e2e.test.ts', 'bench/lib.ts', 'mcp-warden.json', 'src/node_modules/x.js', 'schema/x.db']) {
    assert.ok(dockerIgnores(rules, out), `${out} would be sent to the build`);
  }
});

test('the ConfigMap holds a valid mcp-warden config: `check` passes with the mounted paths laid out in a temp folder', () => {
  const root = tempDir('warden-deploy-check-');
  const { json } = configMapConfig(manifests);
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  try {
    layOutVolumes(root, manifests, json, { 'jwt.pem': publicKey });
    const config = path.join(root, flag('--config'));
    const run = runCli(['check', '--config', config], { env: { HOME: root } });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.doesNotMatch(run.stderr, /invalid|error/i);
    // And a mistake in it would be caught: the same config with a misspelt key fails.
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), htpp: {} }));
    assert.equal(runCli(['check', '--config', config], { env: { HOME: root } }).code, 2);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the Secret\'s placeholder key is refused at start-up, so an unedited deploy fails closed', () => {
  const root = tempDir('warden-deploy-placeholder-');
  try {
    const secret = only(manifests, 'Secret');
    layOutVolumes(root, manifests, configMapConfig(manifests).json, { ...secret.data, ...secret.stringData });
    const run = runCli(['serve', ...cmd.slice(1).map((a) => (a.startsWith('/') ? path.join(root, a) : a))], { env: { HOME: root } });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /auth\.jwt\.publicKey/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
