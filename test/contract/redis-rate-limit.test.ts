import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, sleep, startLiveWorld } from './support/live-server.ts';
import { redisUnavailable, redisUrl, redisYaml } from '../support/redis-target.ts';
import { APP } from './support/test-world.ts';

const reachable = !(await redisUnavailable());
const required = process.env.OPENCCC_REQUIRE_SERVICES === '1';
const options = reachable
  ? {}
  : required
    ? {}
    : { skip: `Redis at ${redisUrl} is not reachable (set OPENCCC_REQUIRE_SERVICES=1 to fail instead)` };

test('with Redis configured, two servers share one per-account rate limit', options, async () => {
  assert.ok(reachable, `Redis at ${redisUrl} is required (OPENCCC_REQUIRE_SERVICES=1)`);
  const world = {
    limits: 'limits: { default: 1000, actions: { DescribeNumbers: 4 } }',
    extraYaml: redisYaml(),
  };
  const a = await startLiveWorld(world);
  const b = await startLiveWorld(world);
  try {
    await sleep(1100 - (Date.now() % 1000)); // start at the top of a second: the limiter's window
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => errorCodeOf(a.client.DescribeNumbers({ SdkAppId: APP, PageSize: 1 }))),
      ...Array.from({ length: 3 }, () => errorCodeOf(b.client.DescribeNumbers({ SdkAppId: APP, PageSize: 2 }))),
    ]);
    // Alone, each server would admit all three; together they may admit only four.
    assert.equal(answers.filter((c) => c === 'no error').length, 4, answers.join(','));
    assert.equal(answers.filter((c) => c === 'RequestLimitExceeded').length, 2, answers.join(','));
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('servers in different redis namespaces do not share a rate limit', options, async () => {
  assert.ok(reachable, `Redis at ${redisUrl} is required (OPENCCC_REQUIRE_SERVICES=1)`);
  const world = (yaml: string) => ({ limits: 'limits: { default: 1000, actions: { DescribeNumbers: 4 } }', extraYaml: yaml });
  const a = await startLiveWorld(world(redisYaml()));
  const b = await startLiveWorld(world(redisYaml()));
  try {
    await sleep(1100 - (Date.now() % 1000));
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => errorCodeOf(a.client.DescribeNumbers({ SdkAppId: APP, PageSize: 1 }))),
      ...Array.from({ length: 3 }, () => errorCodeOf(b.client.DescribeNumbers({ SdkAppId: APP, PageSize: 2 }))),
    ]);
    assert.deepEqual(answers, Array(6).fill('no error'), 'each namespace has its own four');
  } finally {
    await a.stop();
    await b.stop();
  }
});
