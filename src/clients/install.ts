import { clientEntryExists, clientFileUnreadable } from '../messages/client-files.js';
import type { ClientFile } from './clients.js';
import { ClientFileError, readClientFile, type ClientDoc } from './document.js';
import { changedLines, planEntry, type EditPlan } from './edit.js';
import { ENTRY_NAME } from './entry.js';
import { writeClientFile } from './write.js';

/** A checked, not yet written change to a client file. */
export interface PreparedInstall {
  doc: ClientDoc;
  plan: EditPlan;
  /** The changed lines, `-`/`+`. */
  changes: string[];
}

export interface InstallOptions {
  force?: boolean;
  /** Entries to drop in the same edit (import replaces server-filesystem). */
  remove?: string[];
  /** The command the user ran, for the "add --force" fix. */
  command: string;
}

/** Reads the client file and plans our entry; throws a ClientFileError for anything it will not touch. */
export function prepareInstall(target: ClientFile, entry: Record<string, unknown>, options: InstallOptions): PreparedInstall {
  const doc = readClientFile(target);
  const plan = planEntry(doc, ENTRY_NAME, entry, options);
  if (plan.status === 'conflict') {
    throw new ClientFileError(clientEntryExists.build({ client: target.label, file: target.file, command: options.command }));
  }
  return { doc, plan, changes: changedLines(doc.text, plan.text) };
}

/** Writes a prepared change (backup first); an unchanged file is not touched at all. A failed write is a ClientFileError. */
export function commitInstall(prepared: PreparedInstall, now = new Date()): { backup?: string; written: boolean } {
  const { doc, plan } = prepared;
  if (plan.text === doc.text && doc.exists) return { written: false };
  try {
    return { ...writeClientFile(doc, plan.text, now), written: true };
  } catch (error) {
    if (error instanceof ClientFileError) throw error;
    throw new ClientFileError(clientFileUnreadable.build({ client: doc.target.label, file: doc.target.file, reason: (error as Error).message }));
  }
}
