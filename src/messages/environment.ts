/** Messages about the machine: the Node.js that runs mcp-warden and the command sandbox. */
import { kind } from './message.js';

export const nodeTooOld = kind('node-too-old', 'Node.js is too old', { version: '18.19.0' },
  (p: { version: string }) => ({
    problem: `Node.js ${p.version} runs mcp-warden, which needs Node 20 or newer.`,
    fix: 'install Node 20 or newer (https://nodejs.org, or `nvm install 20`), then run setup again so the client entry names the new node.',
  }));

export const sandboxMissing = kind('sandbox-missing', 'bubblewrap is missing under `sandbox: required`',
  { mode: 'required', searched: '/usr/local/bin:/usr/bin:/bin' },
  (p: { mode: string; searched: string }) => ({
    problem: `bubblewrap (bwrap) is not installed (looked in ${p.searched}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'install bubblewrap (sudo apt install bubblewrap, sudo dnf install bubblewrap, sudo pacman -S bubblewrap); or set commands.sandbox to "auto" to run commands unsandboxed with a warning.',
  }));

export const sandboxBlocked = kind('sandbox-blocked', 'bubblewrap cannot create its namespaces',
  { mode: 'required', reason: 'bwrap: setting up uid map: Permission denied' },
  (p: { mode: string; reason: string }) => ({
    problem: `bubblewrap is installed but cannot start a sandbox (${p.reason}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'allow unprivileged user namespaces: on Ubuntu 23.10+ sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or an AppArmor profile for bwrap), elsewhere sudo sysctl -w kernel.unprivileged_userns_clone=1 or user.max_user_namespaces=15000; in a container, start it with user namespaces allowed.',
  }));

export const sandboxUnsupported = kind('sandbox-unsupported', 'No sandbox on this system',
  { platform: 'darwin', mode: 'required' },
  (p: { platform: string; mode: string }) => ({
    problem: `There is no command sandbox for ${p.platform}; with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: 'run mcp-warden on Linux with bubblewrap (on Windows: inside WSL), or set commands.sandbox to "auto" knowing that commands then run unconfined.',
  }));

export const sandboxExecUnavailable = kind('sandbox-exec-unavailable', 'sandbox-exec does not work (macOS)',
  { mode: 'required', reason: 'sandbox-exec was not found at /usr/bin/sandbox-exec' },
  (p: { mode: string; reason: string }) => ({
    problem: `macOS's sandbox cannot start (${p.reason}); with commands.sandbox "${p.mode}" ${p.mode === 'required' ? 'run_command refuses every command' : 'commands run without a sandbox'}.`,
    fix: "check that /usr/bin/sandbox-exec exists and runs: sandbox-exec -p '(version 1)(allow default)' /usr/bin/true (a managed Mac may forbid it); or set commands.sandbox to \"auto\" knowing that commands then run unconfined.",
  }));
