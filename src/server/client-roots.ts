import { fileURLToPath } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';

/**
 * Tracks the roots a client announces (MCP roots protocol). They are only a wish to
 * narrow: the path guard intersects them with the configured roots.
 */
export function trackClientRoots(server: Server, logger: Logger): () => readonly string[] | undefined {
  let roots: string[] | undefined;
  const refresh = async () => {
    if (!server.getClientCapabilities()?.roots) return;
    try {
      const { roots: list } = await server.listRoots();
      roots = list.flatMap((r) => {
        try { return r.uri.startsWith('file://') ? [fileURLToPath(r.uri)] : []; } catch { return []; }
      });
      logger.info({ roots }, 'client roots received');
    } catch (error) {
      logger.warn({ err: error }, 'could not read the client roots; using the configured roots');
    }
  };
  server.setNotificationHandler(RootsListChangedNotificationSchema, refresh);
  const previous = server.oninitialized;
  server.oninitialized = () => { previous?.(); void refresh(); };
  return () => roots;
}
