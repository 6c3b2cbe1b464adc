import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { GENESIS, HASHED_COLUMNS, hashedValues, valuesHash, type StoredRow } from './chain.js';
import { createRedactor, type Redactor } from './redact.js';
import { FIELD_MAX_BYTES, ROW_MAX_BYTES, fitRow, jsonField, textField, type FieldCoder } from './cap.js';
import { encrypt } from './crypto.js';
import { AUDIT_DDL } from './ddl.js';

/** One event as the pipeline reports it; the store redacts, encrypts and chains it. */
export interface AuditEvent {
  session: string;
  call: string;
  principal: string;
  client?: string;
  tool: string;
  kind: 'decision' | 'outcome';
  decision?: 'allow' | 'deny' | 'ask';
  reason?: string;
  resource?: unknown;
  args?: unknown;
  outcome?: 'ok' | 'error' | 'timeout' | 'unknown' | 'cancelled';
  error?: unknown;
  durationMs?: number;
  bytes?: number;
  detail?: unknown;
}

export interface AuditStoreOptions {
  redact?: readonly string[];
  /** When set, `args` are stored AES-256-GCM encrypted with this key. */
  key?: Buffer;
}

// Ciphertext is base64 of the plaintext plus a header: encrypted args are cut smaller so
// the stored column stays within the field cap.
const ENCRYPTED_ARGS_MAX = Math.floor(FIELD_MAX_BYTES * 3 / 4) - 128;

const BUSY_TIMEOUT_MS = 10_000;

/**
 * Two servers starting at once on a new audit file both switch it to WAL, and SQLite
 * answers the loser SQLITE_BUSY at once, without waiting in its busy handler: that
 * would refuse every call of a session. So the switch is retried within the same timeout.
 */
async function switchToWal(db: BetterSqlite3.Database): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

/** Opens the database file with the settings every audit reader and writer shares. */
export async function openAuditDatabase(file: string, options: { readonly?: boolean } = {}): Promise<BetterSqlite3.Database> {
  const { default: Database } = await import('better-sqlite3');
  if (!options.readonly) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Create the file private before SQLite opens it: SQLite gives the -wal and -shm
    // files (which hold the newest rows) the database file's mode at their creation.
    try { fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600)); } catch { /* SQLite reports it */ }
  }
  const db = new Database(file, { readonly: !!options.readonly, fileMustExist: !!options.readonly });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!options.readonly) {
    await switchToWal(db);
    // NORMAL in WAL mode survives a crashed process (kill -9); only power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.exec(AUDIT_DDL);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      try { fs.chmodSync(f, 0o600); } catch { /* absent, or not ours to fix on exotic filesystems */ }
    }
  }
  return db;
}

/**
 * The append-only, hash-chained audit log. Appends from several processes keep one
 * chain: each append is a `BEGIN IMMEDIATE` transaction that reads the previous hash
 * while it holds the write lock.
 */
export class AuditStore {
  private readonly redact: Redactor;
  private readonly appendTx: (events: readonly AuditEvent[]) => number;
  /** A call's outcome row carries the resource object its decision row stored: encoded once. */
  private lastResource: { value: unknown; coder: FieldCoder } | undefined;

  private constructor(readonly db: BetterSqlite3.Database, private readonly options: AuditStoreOptions) {
    this.redact = createRedactor(options.redact);
    const last = db.prepare<[], { id: number; hash: string; ts: string }>('SELECT id, hash, ts FROM events ORDER BY id DESC LIMIT 1');
    const insert = db.prepare(`INSERT INTO events (${HASHED_COLUMNS.join(', ')}, prev_hash, hash)
      VALUES (${HASHED_COLUMNS.map(() => '?').join(', ')}, ?, ?)`);
    // Several rows of one transaction chain to each other: the previous row is the one just written.
    const tx = db.transaction((events: readonly AuditEvent[]) => {
      let prev = last.get();
      for (const event of events) {
        const id = (prev?.id ?? 0) + 1;
        // A clock set back must not make time run backwards in the log: searches by time rely on it.
        const now = new Date().toISOString();
        const ts = prev && prev.ts > now ? prev.ts : now;
        const values = hashedValues(this.toRow(event, id, ts));
        const prevHash = prev?.hash ?? GENESIS;
        const hash = valuesHash(prevHash, values);
        // Positional parameters, in hash order: binding 19 named ones costs more per call.
        insert.run(...values, prevHash, hash);
        prev = { id, hash, ts };
      }
      return prev?.id ?? 0;
    });
    this.appendTx = (events) => tx.immediate(events);
  }

  static async open(file: string, options: AuditStoreOptions = {}): Promise<AuditStore> {
    return new AuditStore(await openAuditDatabase(file), options);
  }

  // Every column that can carry agent text is redacted, then capped (issue 15 §2): here,
  // so that no caller can forget. Not only args: a command's canonical args and a
  // refusal's sentence quote the arguments too.
  private toRow(e: AuditEvent, id: number, ts: string): Omit<StoredRow, 'prev_hash' | 'hash'> {
    const key = this.options.key;
    const fields = [
      textField(this.redact, e.client),
      textField(this.redact, e.reason),
      this.resourceField(e.resource),
      jsonField(this.redact, e.args, key ? ENCRYPTED_ARGS_MAX : FIELD_MAX_BYTES),
      jsonField(this.redact, e.error),
      jsonField(this.redact, e.detail),
    ];
    // Encrypted args grow by a third: the row budget counts what is stored.
    const [client, reason, resource, args, error, detail] = fitRow(fields, key ? ROW_MAX_BYTES - FIELD_MAX_BYTES / 3 : ROW_MAX_BYTES);
    return {
      id,
      ts,
      session: e.session,
      call: e.call,
      principal: e.principal,
      client,
      tool: e.tool,
      kind: e.kind,
      decision: e.decision ?? null,
      reason,
      resource,
      args: args !== null && key ? encrypt(args, key) : args,
      outcome: e.outcome ?? null,
      error,
      duration_ms: e.durationMs === undefined ? null : Math.round(e.durationMs),
      bytes: e.bytes ?? null,
      detail,
    };
  }

  private resourceField(value: unknown): FieldCoder {
    const last = this.lastResource;
    if (last && last.value === value && typeof value === 'object' && value !== null) return last.coder;
    const coder = jsonField(this.redact, value);
    this.lastResource = { value, coder };
    return coder;
  }

  /** Appends one event and returns its id. Throws if it could not be written (callers refuse the call). */
  append(event: AuditEvent): number {
    return this.appendTx([event]);
  }

  /** Appends several events in one commit (all or none) and returns the last id. */
  appendAll(events: readonly AuditEvent[]): number {
    return this.appendTx(events);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
