import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { loadKey } from './crypto.js';
import { AuditStore } from './store.js';

/** The session's audit store, opened on first use; `close` only closes what was opened. */
export interface LazyAudit {
  (): Promise<AuditStore>;
  close(): Promise<void>;
}

/**
 * Opens the session's audit store once, on first use, off the start-up path. A
 * failure is kept, not retried silently: every call is then refused (fail secure).
 */
export function openAudit(config: Config, logger: Logger): LazyAudit {
  let store: Promise<AuditStore> | undefined;
  const get = () => {
    if (!store) {
      store = (async () => {
        const key = config.audit.encryption ? loadKey(config.audit.encryption.keyEnv) : undefined;
        return AuditStore.open(config.auditPath, { redact: config.audit.redact, key });
      })();
      store.catch((error) => logger.error({ err: error, path: config.auditPath }, 'the audit log cannot be opened; every call will be refused'));
    }
    return store;
  };
  return Object.assign(get, {
    close: async () => { if (store) await store.then((s) => s.close(), () => {}); },
  });
}
