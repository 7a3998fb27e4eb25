import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This server's node id: `cluster.nodeId` when set, else `<host name>:<listen port>`, which stays
 * the same across restarts of one server (so a restart recovers its own previous run at once)
 * and differs between servers on one machine as long as they listen on different ports. Port 0
 * (a free port picked at start, as tests do) is no stable name: such a server gets
 * `<host name>:0-<random>`, a new one each run.
 */
export function nodeIdOf(configured: string | undefined, listen: string): string {
  if (configured) return configured;
  const port = listen.slice(listen.lastIndexOf(':') + 1);
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '-') || 'localhost';
  return Number(port) === 0 ? `${host}:0-${randomUUID().slice(0, 8)}` : `${host}:${port}`;
}
