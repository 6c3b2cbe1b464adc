import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import picomatch from 'picomatch';
import { REPO } from '../helpers/server.js';

export const DEPLOY = path.join(REPO, 'deploy');
export const DOCKERFILE = path.join(REPO, 'Dockerfile');

/** One Kubernetes object with the file it came from. */
export interface Manifest { file: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [key: string]: any }

/**
 * Every object in deploy/*.yaml. Parsed as YAML 1.1, as Kubernetes does (sigs.k8s.io/yaml):
 * there `0440` is octal and `yes` a boolean, which the `yaml` package's default 1.2 reads otherwise.
 */
export function loadManifests(): { manifests: Manifest[]; errors: string[]; files: string[] } {
  const files = fs.readdirSync(DEPLOY).filter((f) => /\.ya?ml$/.test(f)).sort();
  const manifests: Manifest[] = [];
  const errors: string[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(DEPLOY, file), 'utf8'), { version: '1.1' })) {
      if (!('errors' in doc)) continue;
      errors.push(...[...doc.errors, ...doc.warnings].map((e) => `${file}: ${e.message}`));
      const value = doc.toJS();
      if (value && typeof value === 'object') manifests.push({ file, ...value });
    }
  }
  return { manifests, errors, files };
}

export function only(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` "${name}"` : ''} in deploy/, got ${found.length}`);
  return found[0];
}

export interface Instruction { op: string; args: string; line: number; flags: Record<string, string>; json?: string[] }
export interface Stage { base: string; name?: string; instructions: Instruction[] }

/**
 * A line parser for the subset of Dockerfile syntax this repo uses: comments, `\` continuations,
 * `--flag=value` options, exec (JSON) form, and global `ARG`s substituted into `FROM`.
 */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending && trimmed.startsWith('#')) return;
    const part = trimmed.endsWith('\\') ? trimmed.slice(0, -1).trimEnd() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: i + 1 };
    if (!trimmed.endsWith('\\')) { logical.push(pending); pending = undefined; }
  });
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { text: l, line } of logical) {
    const [, op, rest = ''] = /^(\S+)\s*(.*)$/.exec(l)!;
    let body = rest;
    const flags: Record<string, string> = {};
    for (let m; (m = /^--([\w-]+)=(\S+)\s*/.exec(body)); body = body.slice(m[0].length)) flags[m[1]] = m[2];
    const instruction: Instruction = { op: op.toUpperCase(), args: body, line, flags };
    if (body.startsWith('[')) instruction.json = JSON.parse(body);
    if (instruction.op === 'FROM') {
      const [image, as, name] = body.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '').split(/\s+/);
      stages.push({ base: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (instruction.op === 'ARG' && stages.length === 0) {
      const [key, value = ''] = body.split('=');
      args[key] = value;
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** `KEY=value KEY2=value2` of an ENV instruction (the form this Dockerfile uses). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    for (const pair of i.args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

/** Whether `.dockerignore` keeps a path out of the build context (last matching rule wins, a rule on a parent covers its contents). */
export function dockerIgnores(rules: string[], file: string): boolean {
  let ignored = false;
  const parts = file.split('/');
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const glob = path.posix.normalize(negated ? rule.slice(1) : rule).replace(/\/$/, '');
    const match = picomatch(glob, { dot: true });
    if (parts.some((_, i) => match(parts.slice(0, i + 1).join('/')))) ignored = !negated;
  }
  return ignored;
}

export const dockerignoreRules = () => fs.readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** The config JSON of the ConfigMap that the Deployment mounts at the path its args name. */
export function configMapConfig(manifests: Manifest[]): { key: string; json: Record<string, any> } {
  const cm = only(manifests, 'ConfigMap');
  const keys = Object.keys(cm.data ?? {});
  if (keys.length !== 1) throw new Error(`expected one key in the ConfigMap, got ${keys.join(', ')}`);
  return { key: keys[0], json: JSON.parse(cm.data[keys[0]]) };
}

/** Every absolute path string in the config, moved under `root`: the container's filesystem laid out in a temp folder. */
export function rehome<T>(value: T, root: string): T {
  if (typeof value === 'string') return (value.startsWith('/') ? path.join(root, value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => rehome(v, root)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rehome(v, root)])) as T;
  return value;
}

/** The uid and gid the image runs as (`USER 10001:10001`). */
export const IMAGE_USER = 10001;

/**
 * Lays out the pod's volumes under `root` as deployment.yaml mounts them: the config file from the
 * ConfigMap (absolute paths rehomed), the Secret's files (`keys` replaces the placeholders), and
 * empty writable folders for the PVCs and emptyDirs, owned by the image's user with `chown` (as root).
 * Returns the writable folders.
 */
export function layOutVolumes(root: string, manifests: Manifest[], config: Record<string, any>, keys: Record<string, string>, chown = false): string[] {
  const pod = only(manifests, 'Deployment').spec.template.spec;
  const writable: string[] = [];
  for (const mount of pod.containers[0].volumeMounts) {
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    const at = path.join(root, mount.mountPath);
    if (volume.configMap) {
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, JSON.stringify(rehome(config, root), null, 2));
    } else if (volume.secret) {
      fs.mkdirSync(at, { recursive: true });
      for (const [name, text] of Object.entries(keys)) fs.writeFileSync(path.join(at, name), text);
    } else {
      fs.mkdirSync(at, { recursive: true });
      if (chown) fs.chownSync(at, IMAGE_USER, IMAGE_USER);
      writable.push(at);
    }
  }
  return writable;
}
