import {
  clientCommandMissing, clientEntryExists, clientFileChanged, clientFileEmpty, clientFileMalformed, clientFileShape,
  clientFileUnreadable, clientNoEntry, clientOtherConfig, clientTargetMissing,
} from './client-files.js';
import {
  auditNotWritable, auditTampered, auditUnreadable, configInvalid, configMissing, configNotFound, databaseMissing,
  databaseUnopenable, fileInsideRoot, programNotFound, relativePath, rootMissing, rootNotDirectory,
} from './config.js';
import { nodeTooOld, sandboxBlocked, sandboxExecUnavailable, sandboxMissing, sandboxUnsupported } from './environment.js';
import { importNothing, importNothingAnywhere, outputExists } from './import.js';
import type { MessageKind } from './message.js';

/** Every kind, in the order the troubleshooting section lists them. */
export const MESSAGE_KINDS: ReadonlyArray<MessageKind<any>> = [
  configNotFound, configMissing, configInvalid, nodeTooOld, rootMissing, rootNotDirectory, relativePath, fileInsideRoot,
  auditNotWritable, auditTampered, auditUnreadable, databaseMissing, databaseUnopenable, programNotFound,
  sandboxMissing, sandboxBlocked, sandboxUnsupported, sandboxExecUnavailable, clientFileMalformed, clientFileUnreadable, clientFileChanged, clientFileEmpty, clientFileShape,
  clientEntryExists, clientCommandMissing, clientTargetMissing, clientOtherConfig, clientNoEntry, importNothing, importNothingAnywhere, outputExists,
];
