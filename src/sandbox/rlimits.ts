/** Resource limits applied to every command (through util-linux prlimit, which then execs it). */
export interface Rlimits {
  cpuSeconds: number;
  fileSizeBytes: number;
  openFiles: number;
  processes: number;
}

/**
 * The prlimit prefix: `prlimit --cpu=N:N ... -- FILE ARGS`. Soft and hard are equal so
 * the command cannot raise them. RLIMIT_NPROC is counted per user namespace, so it only
 * means "processes of this command" inside the sandbox's own namespace (`nproc: true`);
 * outside it would count all of the user's processes. The kernel never applies it to
 * root, so a root server relies on the pid namespace and the timeout for fork bombs.
 */
export function prlimitArgs(prlimit: string, limits: Rlimits, opts: { nproc: boolean }): string[] {
  const a = [
    prlimit,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds}`,
    `--fsize=${limits.fileSizeBytes}:${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}:${limits.openFiles}`,
  ];
  if (opts.nproc) a.push(`--nproc=${limits.processes}:${limits.processes}`);
  a.push('--');
  return a;
}
