import { launcherCommand, launcherWorks } from './launcher.js';
import { findTrusted, type SandboxStatus } from './probe.js';
import { createSparePool, type SparePool, type WarmStart } from './spare.js';

/** The view a launch would get now: bwrap's view arguments, what identifies them, whether they are settled. */
export interface CurrentView {
  args: string[];
  key: string;
  stamp: number;
  settled: boolean;
}

// A view with a folder changed a moment ago (stamps.ts) gets no spare; tried again a little later.
const RETRY_MS = 1000;
const RETRIES = 5;
// Two: back to back, a spare takes longer to set up (8-12 ms on a small VM) than a call
// takes to come round; the older of two has had two calls' time.
const SPARES = 2;

/**
 * Pre-warming for the sandbox (issue 8): after each sandboxed launch a spare sandbox of
 * the current view is started, and the next launch hands its command to the spare when
 * the view is still exactly the same. Needs bash and env(1) in the trusted PATH and a
 * launcher that passes its self-check; otherwise every launch stays cold.
 */
export function createPrewarm(
  trustedPath: readonly string[],
  currentView: () => Promise<CurrentView>,
  pids?: { parent: string | undefined; max: number },
) {
  const bash = findTrusted('bash', trustedPath);
  const envPath = findTrusted('env', trustedPath);
  let checked: Promise<boolean> | undefined;
  let pool: SparePool | undefined;
  let filling = false;
  let retries = 0;

  async function fill(bwrap: string, fresh?: CurrentView): Promise<void> {
    checked ??= launcherWorks(bwrap, bash!, envPath!);
    if (!(await checked)) return;
    pool ??= createSparePool({ bwrap, launcher: launcherCommand(bash!), pids, size: SPARES });
    if (pool.full()) return;
    const view = fresh ?? await currentView();
    if (!view.settled) {
      if (retries++ < RETRIES) setTimeout(() => refill({ bwrap }), RETRY_MS).unref();
      return;
    }
    retries = 0;
    pool.fill(view.key, view.stamp, view.args);
    // One spawn per turn of the event loop: each blocks it for a fork of the server.
    if (!pool.full()) setImmediate(() => refill({ bwrap }, view));
  }

  /**
   * Starts a spare in the background unless one is there or being started. `fresh`: the
   * view a launch computed a moment ago; a change since then is found at take like any other.
   */
  function refill(status: Pick<SandboxStatus, 'bwrap'>, fresh?: CurrentView): void {
    const bwrap = status.bwrap;
    if (!bash || !envPath || !bwrap || filling) return;
    filling = true;
    setImmediate(() => {
      fill(bwrap, fresh).catch(() => {}).finally(() => { filling = false; });
    });
  }

  /** The spare for this view, given the command's bytes (see launchPayload), or undefined: start cold. */
  function take(view: CurrentView, payload: (envPath: string) => Buffer | undefined): WarmStart | undefined {
    if (!pool || !envPath) return undefined;
    // A folder changed a moment ago: whatever the spare was built from may be stale.
    if (!view.settled) {
      pool.discard();
      return undefined;
    }
    const bytes = payload(envPath);
    // Too large or not representable: cold this time, the spare stays for the next command.
    return bytes && pool.take(view.key, view.stamp, bytes);
  }

  return { take, refill, ready: () => pool?.ready() ?? false };
}
