import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tc3SigningKey, tc3SigningKeyCacheSize } from '../../../src/gateway/auth/tc3-crypto.ts';

test('the derived TC3 signing key is cached per (key, date, service) and the cache stays bounded', () => {
  const a = tc3SigningKey('secret', '2024-01-01', 'ccc');
  assert.equal(tc3SigningKey('secret', '2024-01-01', 'ccc'), a, 'same inputs: the cached Buffer itself');
  assert.notDeepEqual(tc3SigningKey('secret', '2024-01-02', 'ccc'), a);
  assert.notDeepEqual(tc3SigningKey('secret', '2024-01-01', '127'), a);
  assert.notDeepEqual(tc3SigningKey('secret2', '2024-01-01', 'ccc'), a);
  for (let i = 0; i < 1000; i++) tc3SigningKey(`k${i}`, '2024-01-01', 'ccc');
  assert.ok(tc3SigningKeyCacheSize() <= 256, String(tc3SigningKeyCacheSize()));
  // After eviction the key is derived again, and still the same bytes.
  assert.deepEqual(tc3SigningKey('secret', '2024-01-01', 'ccc'), a);
});
