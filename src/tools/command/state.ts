import type { SessionContext } from '../contract.js';
import { createCommandGuard, type CommandGuard } from '../../guards/command.js';
import { createPathGuard } from '../../guards/path.js';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';
import { killTree } from './kill-tree.js';
import { findPidsCgroup } from '../../sandbox/pids-cgroup.js';

/** What both command tools share for a session: one guard, one sandbox, the live processes. */
export interface CommandState {
  guard: CommandGuard;
  sandbox: Sandbox;
  live: Set<number>;
  /** The server's writable pids cgroup, if any (found once). */
  pidsCgroup: string | undefined;
}

/**
 * Built once per session at start-up. The guard takes the programs the start-up check
 * resolved for this config (`programsFor`: once per process, never again), and the
 * sandbox probe starts now when any command is allowed, so the first call does not wait.
 */
export function createCommandState(session: SessionContext): CommandState {
  const { config, logger } = session;
  const warn = (message: string) => logger.warn(message);
  const pathGuard = createPathGuard(config, () => session.clientRoots(), { warn });
  const guard = createCommandGuard(config, pathGuard);
  const pidsCgroup = findPidsCgroup();
  const sandbox = createSandbox(config, pathGuard, guard.resolution.trustedPath, warn, {
    pids: { parent: pidsCgroup, max: config.commands.rlimits.processes },
  });
  for (const u of guard.resolution.unresolved) warn(`command ${u.name} is not offered: ${u.reason}`);
  const live = new Set<number>();
  if (guard.resolution.programs.size > 0) {
    if (config.commands.sandbox !== 'off') void sandbox.status();
    // Detached children would outlive the server; sandboxed ones also die with bwrap.
    process.once('exit', () => { for (const pid of live) killTree(pid); });
  }
  return { guard, sandbox, live, pidsCgroup };
}
