import type { Server } from 'node:net';

/**
 * Caps open connections per peer address: one past `max` is destroyed before a byte of
 * it is parsed, so one address cannot take every socket (and the memory each holds)
 * with connections that never finish a request. `onRefused` is told of each.
 */
export function limitConnections(server: Server, max: number, onRefused: (ip: string) => void): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const ip = socket.remoteAddress ?? '';
    const count = open.get(ip) ?? 0;
    if (count >= max) {
      socket.destroy();
      onRefused(ip);
      return;
    }
    open.set(ip, count + 1);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left > 0) open.set(ip, left);
      else open.delete(ip);
    });
  });
}
