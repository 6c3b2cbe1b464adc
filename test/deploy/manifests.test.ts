import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEPLOY, configMapConfig, loadManifests, only, type Manifest } from './files.js';

const { manifests, errors, files } = loadManifests();
const deployment = only(manifests, 'Deployment');
const pod = deployment.spec.template.spec;
const podLabels: Record<string, string> = deployment.spec.template.metadata.labels;
const containers: any[] = [...(pod.initContainers ?? []), ...pod.containers];
const server = pod.containers[0];
const volumeOf = (name: string) => pod.volumes.find((v: any) => v.name === name);
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

test('every manifest parses without errors or warnings, and every document is a Kubernetes object', () => {
  assert.deepEqual(errors, []);
  assert.ok(manifests.length >= 7, `only ${manifests.length} objects`);
  for (const m of manifests) {
    assert.ok(m.apiVersion && m.kind, `${m.file}: an object without apiVersion or kind`);
    if (m.kind === 'Kustomization') continue;
    assert.ok(m.metadata?.name, `${m.file}: a ${m.kind} without a name`);
    assert.equal(m.metadata.namespace, undefined, `${m.file}: ${m.kind} names a namespace; the manifests are namespace-agnostic`);
  }
});

test('the parse is YAML 1.1, as Kubernetes reads it: a broken document is reported', () => {
  const docs = parseAllDocuments('a: [1, 2\n---\nb: 0440\n', { version: '1.1' });
  assert.ok(docs.length === 2 && 'errors' in docs[0] && docs[0].errors.length > 0);
  assert.equal((docs[1] as any).toJS().b, 0o440);
});

test('kustomization.yaml lists every manifest in deploy/, and only files that exist', () => {
  const kustomization = only(manifests, 'Kustomization');
  const listed = [...kustomization.resources].sort();
  assert.deepEqual(listed, files.filter((f) => f !== 'kustomization.yaml'));
  assert.deepEqual(fs.readdirSync(DEPLOY).filter((f) => !listed.includes(f) && f !== 'kustomization.yaml'), [], 'a file in deploy/ that kustomize never applies');
  const image = kustomization.images.find((i: any) => i.name === server.image);
  assert.ok(image, `the kustomization's images do not retag the container image "${server.image}"`);
});

test('one replica, replaced with Recreate: the SQLite audit log has one writer', () => {
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(deployment.spec.strategy?.type, 'Recreate');
  assert.match(fs.readFileSync(path.join(DEPLOY, deployment.file), 'utf8'), /replicas: 1/);
  assert.ok(selects(deployment.spec.selector.matchLabels, podLabels), 'the selector does not select the pod template');
});

test('pod security context: non-root uid/gid 10001, fsGroup, RuntimeDefault seccomp, no service account token', () => {
  const sc = pod.securityContext;
  assert.equal(sc.runAsNonRoot, true);
  assert.equal(sc.runAsUser, 10001);
  assert.equal(sc.runAsGroup, 10001);
  assert.equal(sc.fsGroup, 10001);
  assert.equal(sc.seccompProfile?.type, 'RuntimeDefault');
  assert.equal(pod.automountServiceAccountToken, false);
  assert.notEqual(pod.hostNetwork, true);
  assert.notEqual(pod.hostPID, true);
  assert.notEqual(pod.hostIPC, true);
});

test('every container: read-only root, no privilege escalation, all capabilities dropped, non-root, limits set', () => {
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    assert.equal(sc.readOnlyRootFilesystem, true, `${c.name}: readOnlyRootFilesystem`);
    assert.equal(sc.allowPrivilegeEscalation, false, `${c.name}: allowPrivilegeEscalation`);
    assert.notEqual(sc.privileged, true, `${c.name}: privileged`);
    assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${c.name}: capabilities.drop`);
    assert.equal(sc.capabilities?.add, undefined, `${c.name}: capabilities.add`);
    assert.equal(sc.runAsNonRoot, true, `${c.name}: runAsNonRoot`);
    assert.notEqual(sc.runAsUser ?? pod.securityContext.runAsUser, 0, `${c.name}: runs as root`);
    assert.equal(sc.seccompProfile?.type ?? pod.securityContext.seccompProfile?.type, 'RuntimeDefault');
    for (const kind of ['requests', 'limits']) {
      assert.ok(c.resources?.[kind]?.cpu && c.resources?.[kind]?.memory, `${c.name}: resources.${kind}`);
    }
  }
});

test('liveness probes /healthz and readiness /readyz on the container port the server listens on', () => {
  const port = server.ports.find((p: any) => p.containerPort === Number(server.args[server.args.indexOf('--port') + 1]));
  assert.ok(port?.name, 'no named containerPort matches the --port argument');
  assert.equal(server.livenessProbe.httpGet.path, '/healthz');
  assert.equal(server.readinessProbe.httpGet.path, '/readyz');
  for (const probe of [server.livenessProbe, server.readinessProbe]) {
    assert.ok([port.name, port.containerPort].includes(probe.httpGet.port), `a probe on port ${probe.httpGet.port}`);
    assert.equal(probe.httpGet.scheme ?? 'HTTP', 'HTTP');
  }
});

test('the config file comes from the ConfigMap, read-only, at the path --config names', () => {
  const configFile = server.args[server.args.indexOf('--config') + 1];
  const mount = server.volumeMounts.find((m: any) => m.mountPath === configFile || configFile.startsWith(`${m.mountPath}/`));
  assert.ok(mount, `nothing is mounted at ${configFile}`);
  assert.equal(mount.readOnly, true);
  const cm = only(manifests, 'ConfigMap');
  assert.equal(volumeOf(mount.name)?.configMap?.name, cm.metadata.name);
  const key = mount.subPath ?? path.relative(mount.mountPath, configFile);
  assert.equal(key, configMapConfig(manifests).key);
});

test('keys come from the Secret: every file the config names under the keys mount is a key of the Secret', () => {
  const secret = only(manifests, 'Secret');
  const mount = server.volumeMounts.find((m: any) => volumeOf(m.name)?.secret?.secretName === secret.metadata.name);
  assert.ok(mount, 'the Secret is not mounted');
  assert.equal(mount.readOnly, true);
  assert.equal(volumeOf(mount.name).secret.defaultMode, 0o440, 'Secret files readable by owner and group (fsGroup) only');
  const { json } = configMapConfig(manifests);
  const named = JSON.stringify(json).match(new RegExp(`"${mount.mountPath}/[^"]+"`, 'g'))?.map((s) => JSON.parse(s)) ?? [];
  assert.ok(named.length > 0, `the config names no file under ${mount.mountPath}`);
  const keys = Object.keys({ ...secret.data, ...secret.stringData });
  for (const file of named) assert.ok(keys.includes(path.relative(mount.mountPath, file)), `${file} is not a key of the Secret`);
  assert.equal(json.auth?.jwt?.publicKey, `${mount.mountPath}/jwt.pem`);
});

test('what the server writes sits on a writable volume: audit on the PVC, /tmp on an emptyDir', () => {
  const writable = server.volumeMounts.filter((m: any) => !m.readOnly && (volumeOf(m.name)?.persistentVolumeClaim || volumeOf(m.name)?.emptyDir));
  const under = (file: string) => writable.find((m: any) => file === m.mountPath || file.startsWith(`${m.mountPath}/`));
  const { json } = configMapConfig(manifests);
  const audit = under(json.audit.path);
  assert.ok(audit, `audit.path ${json.audit.path} is not on a writable volume`);
  const claim = volumeOf(audit.name).persistentVolumeClaim?.claimName;
  assert.ok(claim, 'the audit log is not on a PersistentVolumeClaim');
  assert.ok(only(manifests, 'PersistentVolumeClaim', claim));
  for (const name of ['HOME', 'TMPDIR']) {
    const value = server.env.find((e: any) => e.name === name)?.value;
    assert.ok(value && volumeOf(under(value)?.name)?.emptyDir, `${name}=${value} is not on an emptyDir`);
  }
  for (const root of json.filesystem.roots) assert.ok(under(root.path), `the root ${root.path} is not on a writable volume`);
  for (const m of server.volumeMounts) {
    const v = volumeOf(m.name);
    assert.ok(v, `the mount ${m.mountPath} names no volume`);
    if (v.persistentVolumeClaim) assert.ok(only(manifests, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName));
  }
});

test('the Service targets the pod labels and the named container port', () => {
  const service = only(manifests, 'Service');
  assert.equal(service.spec.type ?? 'ClusterIP', 'ClusterIP');
  assert.ok(selects(service.spec.selector, podLabels), 'the Service selects no pod of the Deployment');
  const [port] = service.spec.ports;
  const named = server.ports.find((p: any) => p.name === port.targetPort || p.containerPort === port.targetPort);
  assert.ok(named, `targetPort ${port.targetPort} is not a container port`);
});

test('the NetworkPolicy selects the pod: ingress only to the server port from labelled clients, egress only DNS and 443', () => {
  const policy = only(manifests, 'NetworkPolicy');
  assert.ok(selects(policy.spec.podSelector.matchLabels, podLabels), 'the NetworkPolicy does not select the Deployment\'s pods');
  assert.deepEqual([...policy.spec.policyTypes].sort(), ['Egress', 'Ingress']);
  const port = server.ports.find((p: any) => p.name === 'http');
  for (const rule of policy.spec.ingress) {
    assert.ok(rule.from?.length > 0 && rule.from.every((f: any) => Object.keys(f.podSelector?.matchLabels ?? {}).length > 0), 'an ingress rule open to every pod');
    assert.deepEqual(rule.ports.map((p: any) => p.port), [port.containerPort]);
  }
  const egressPorts = policy.spec.egress.flatMap((r: any) => r.ports.map((p: any) => `${p.protocol}/${p.port}`)).sort();
  assert.deepEqual(egressPorts, ['TCP/443', 'TCP/53', 'UDP/53']);
  assert.ok(policy.spec.egress.every((r: any) => r.ports?.length > 0), 'an egress rule open on every port');
});

test('every object carries the app label, so `kubectl get all -l app.kubernetes.io/name=mcp-warden` finds it', () => {
  for (const m of manifests.filter((x: Manifest) => x.kind !== 'Kustomization')) {
    assert.equal(m.metadata.labels?.['app.kubernetes.io/name'], 'mcp-warden', `${m.file}: ${m.kind}`);
  }
});
