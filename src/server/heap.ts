import v8 from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the life of a server.
 *
 * By default V8 grows it up to 16 MiB semi-spaces once enough objects survive
 * scavenges, and calls in flight keep their objects alive across scavenges: a long
 * session then sits 25-30 MiB above the reference server for no gain in latency. The
 * size cap itself (`--max-semi-space-size`) is fixed when the heap is made, so it
 * would need a flag on the `node` command line, which neither `npx`, Windows shims nor
 * the clients' `node path/to/bin` entries give us; the growth factor is read each time
 * V8 considers growing, so setting it here still takes effect.
 */
export function keepYoungGenerationSmall(): void {
  try {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime without the flag only keeps V8's default sizing.
  }
}
