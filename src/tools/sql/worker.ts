// Entry of a database's worker process (forked by worker-client.ts). One engine, one
// statement at a time; the parent SIGKILLs this process when a statement overruns.
import { WardenError } from '../../errors.js';
import { SqlEngine, type DatabaseConfig, type RunRequest } from './engine.js';

export type WorkerRequest =
  | { id: number; op: 'open'; name: string; config: DatabaseConfig; maxBlobBytes: number }
  | ({ id: number; op: 'run' } & RunRequest);

export type WorkerReply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: Record<string, unknown> };

let engine: SqlEngine | undefined;

async function handle(msg: WorkerRequest): Promise<WorkerReply> {
  try {
    if (msg.op === 'open') {
      engine = await SqlEngine.open(msg.name, msg.config, msg.maxBlobBytes);
      return { id: msg.id, ok: true };
    }
    if (!engine) throw new WardenError('failed', 'The database worker was not opened.');
    return { id: msg.id, ok: true, result: engine.run(msg) };
  } catch (error) {
    const e = error instanceof WardenError ? error : new WardenError('failed', 'The statement failed unexpectedly.', { step: 'execute' });
    return { id: msg.id, ok: false, error: e.toJSON() };
  }
}

process.on('message', (msg: WorkerRequest) => {
  void handle(msg).then((reply) => process.send?.(reply));
});
// The server went away: nothing left to answer.
process.on('disconnect', () => process.exit(0));
