import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';

export const redisUrl = process.env.OPENCCC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why Redis cannot be used, or undefined when it accepts a connection. */
export function redisUnavailable(): Promise<string | undefined> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const s = new Socket();
    const no = (why: string) => resolve(`Redis at ${redisUrl} is not reachable: ${why}`);
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(undefined)));
    s.once('error', (err) => no(err.message));
    s.once('timeout', () => (s.destroy(), no('timeout')));
    s.connect(Number(port || 6379), hostname);
  });
}

/**
 * Runs `define` when Redis answers. When it does not: a failing test if CI requires services
 * (OPENCCC_REQUIRE_SERVICES=1), otherwise one skipped test named `title` that says why.
 */
export async function whenRedis(title: string, define: () => void): Promise<void> {
  const unavailable = await redisUnavailable();
  if (!unavailable) return define();
  if (process.env.OPENCCC_REQUIRE_SERVICES === '1') test('Redis is required (OPENCCC_REQUIRE_SERVICES=1)', () => assert.fail(unavailable));
  else test(title, { skip: `${unavailable} (set OPENCCC_REQUIRE_SERVICES=1 to fail instead)` }, () => {});
}

/**
 * A world's `redis:` key with a namespace of its own (pass the same one to every server of one
 * cluster): tests running at once on one Redis must not share rate limits or trunk slots.
 */
export function redisYaml(namespace: string = newRedisNamespace()): string {
  return `redis: { url: ${JSON.stringify(redisUrl)}, namespace: ${namespace} }`;
}

export function newRedisNamespace(): string {
  return `openccc-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}
