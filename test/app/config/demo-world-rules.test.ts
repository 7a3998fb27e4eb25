import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../../../src/app/config/load.ts';
import { buildWorld } from '../../../src/app/world.ts';
import { evaluateRules, pendingQueries } from '../../../src/domain/rules/pipeline.ts';

const DEMO_WORLD = fileURLToPath(new URL('../../../examples/demo/world.yaml', import.meta.url));

// A newcomer's first demo call must go through whenever they try it: the demo does not run the
// TCCC preset (08:00-21:00 Beijing) or any rule that depends on the hour.
test('the demo world admits a first call to an ordinary number at every hour of the week', () => {
  const world = buildWorld(loadConfigFile(DEMO_WORLD));
  assert.ok(world.apps.size > 0);
  for (const app of world.apps.values()) {
    assert.equal(app.config.outboundRules.preset, undefined, `app ${app.sdkAppId} uses no preset`);
    const start = Date.parse('2026-05-04T00:00:00Z');
    for (let hour = 0; hour < 7 * 24; hour++) {
      const attempt = {
        nowMs: start + hour * 3_600_000 + 1_800_000,
        sdkAppId: app.sdkAppId,
        calleeE164: '+8613800138000',
        callerE164: '+8610000000001',
        calleeArea: { subdivision: 'CN-BJ', cities: ['Beijing'] } as const,
      };
      const counts = pendingQueries(app.rules, attempt).map((qs) => qs.map(() => 0));
      assert.equal(evaluateRules(app.rules, attempt, counts).ok, true, `app ${app.sdkAppId} at hour ${hour}`);
    }
  }
});
