import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/app/config/load.ts';
import { ConfigError } from '../../../src/app/config/config-error.ts';
import { clusterSettingsOf } from '../../../src/app/cluster/cluster-settings.ts';
import { nodeIdOf } from '../../../src/app/cluster/node-id.ts';

const BASE = `credentials:
  - secretId: AKIDtest00000001
    secretKey: secret-key-0000000001
apps:
  - sdkAppId: 1400000000
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [AKIDtest00000001]
`;
const SHARED = `storage: { postgres: 'postgres://u@127.0.0.1:5432/db' }\nredis: { url: 'redis://127.0.0.1:6379' }\n`;

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseConfigText(text, 'world.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.issues.map((i) => ({ path: i.path, message: i.message }));
  }
  assert.fail('expected a ConfigError');
}

test('cluster with Postgres and Redis loads with its defaults', () => {
  const { config } = parseConfigText(`${BASE}${SHARED}cluster: { nodeId: ccc-1 }\n`, 'world.yaml');
  assert.deepEqual(config.cluster, {
    nodeId: 'ccc-1',
    leaseSeconds: 15,
    heartbeatSeconds: 5,
    shutdown: { mode: 'hangup', drainSeconds: 30 },
  });
  assert.deepEqual(clusterSettingsOf(config, '0.0.0.0:8080'), {
    nodeId: 'ccc-1',
    leaseMs: 15_000,
    heartbeatMs: 5_000,
    shutdown: { mode: 'hangup', drainMs: 30_000 },
  });
});

test('cluster without storage.postgres or redis.url is a config error naming each key', () => {
  const issues = issuesOf(`${BASE}cluster: { nodeId: ccc-1 }\n`);
  assert.deepEqual(
    issues.map((i) => i.path),
    ['storage.postgres', 'redis.url'],
  );
  assert.match(issues[0]!.message, /cluster needs storage.postgres/);
  const onSqlite = issuesOf(`${BASE}storage: { sqlite: ./x.db }\nredis: { url: 'redis://127.0.0.1:6379' }\ncluster: {}\n`);
  assert.deepEqual(
    onSqlite.map((i) => i.path),
    ['storage.postgres'],
  );
});

test('heartbeatSeconds must be less than half of leaseSeconds', () => {
  const [issue] = issuesOf(`${BASE}${SHARED}cluster: { leaseSeconds: 10, heartbeatSeconds: 5 }\n`);
  assert.equal(issue!.path, 'cluster.heartbeatSeconds');
  assert.match(issue!.message, /less than half of leaseSeconds \(10\)/);
  assert.doesNotThrow(() => parseConfigText(`${BASE}${SHARED}cluster: { leaseSeconds: 10, heartbeatSeconds: 4.9 }\n`, 'world.yaml'));
});

test('a single server without cluster gets the same settings, its node id from host and port', () => {
  const { config } = parseConfigText(BASE, 'world.yaml');
  const s = clusterSettingsOf(config, '127.0.0.1:8080');
  assert.match(s.nodeId, /:8080$/);
  assert.equal(s.nodeId, clusterSettingsOf(config, '127.0.0.1:8080').nodeId, 'stable across runs');
  assert.deepEqual([s.leaseMs, s.heartbeatMs, s.shutdown.mode], [15_000, 5_000, 'hangup']);
  assert.notEqual(nodeIdOf(undefined, '127.0.0.1:0'), nodeIdOf(undefined, '127.0.0.1:0'), 'port 0 is no stable name');
});

test('redis.namespace: optional, a short word; anything else is a config error naming it', () => {
  const { config } = parseConfigText(`${BASE}redis: { url: 'redis://127.0.0.1:6379', namespace: ccc-prod.1 }\n`, 'world.yaml');
  assert.equal(config.redis?.namespace, 'ccc-prod.1');
  for (const bad of ['"a b"', '"x:y"', '""', 'a'.repeat(65)]) {
    const issues = issuesOf(`${BASE}redis: { url: 'redis://127.0.0.1:6379', namespace: ${bad} }\n`);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['redis.namespace'],
      bad,
    );
  }
});
