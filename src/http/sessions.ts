import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Identity } from '../auth/authenticate.js';
import { newMcpServer, serveTools, type SessionDeps } from '../server/session.js';
import { identityKey, sessionConfig } from './identity-config.js';

/** One MCP session over HTTP, bound to the identity that initialized it. */
export interface HttpSession {
  readonly id: string;
  readonly owner: string;
  readonly principal: string;
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
  lastSeen: number;
  /** POST and DELETE requests being handled: a session with one is never idle. */
  active: number;
}

/**
 * Open sessions by id. Every session shares the tools, audit store and rate limiter in
 * `deps`; each has its own SDK Server and pipeline whose config names its principal.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: {
    config: Config; deps: SessionDeps; logger: Logger; idleMs: number; onChange: (size: number) => void;
  }) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1_000, options.idleMs / 2)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): HttpSession | undefined {
    return this.sessions.get(id);
  }

  /** A new session for this identity; it is registered once its initialize request succeeds. */
  async open(identity: Identity): Promise<HttpSession> {
    const id = randomUUID();
    const server = newMcpServer();
    const logger = this.options.logger.child({ session: id, principal: identity.principal });
    // A remote client's roots name folders on its machine, not ours: they never narrow here.
    const context = { id, config: sessionConfig(this.options.config, identity), logger, clientRoots: () => undefined };
    const visible = serveTools(server, context, this.options.deps);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: () => {
        this.sessions.set(id, session);
        this.options.onChange(this.sessions.size);
        logger.info({ tools: visible.length, method: identity.method }, 'session opened');
      },
    });
    transport.onclose = () => {
      if (this.sessions.delete(id)) {
        this.options.onChange(this.sessions.size);
        logger.info('session closed');
      }
    };
    transport.onerror = (error) => logger.debug({ err: error }, 'transport refused a request');
    const session: HttpSession = { id, owner: identityKey(identity), principal: identity.principal, transport, server, lastSeen: Date.now(), active: 0 };
    await server.connect(transport);
    return session;
  }

  /** Hands one request to the session's transport; `body` was read and parsed already. */
  async handle(session: HttpSession, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const counts = req.method !== 'GET';
    session.lastSeen = Date.now();
    if (counts) session.active += 1;
    try {
      await session.transport.handleRequest(req, res, body);
    } finally {
      if (counts) session.active -= 1;
      session.lastSeen = Date.now();
      // An initialize that failed leaves a transport no id can reach: close it now.
      if (!this.sessions.has(session.id) && session.transport.sessionId === undefined) await session.server.close().catch(() => {});
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.idleMs;
    for (const session of this.sessions.values()) {
      if (session.active === 0 && session.lastSeen < cutoff) {
        this.options.logger.info({ session: session.id, principal: session.principal }, 'closing an idle session');
        void session.server.close().catch(() => {});
      }
    }
  }

  /** Closes every session (their open event streams end); used at shutdown. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.sessions.values()].map((s) => s.server.close()));
  }
}
