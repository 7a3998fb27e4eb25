import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDigestChallenge } from '../../../../src/telephony/sip/auth/challenge-parser.ts';
import { answerChallenge } from '../../../../src/telephony/sip/auth/digest-answer.ts';
import {
  createChallenge,
  createChallenges,
  verifyAuthorization,
  type VerifyOptions,
} from '../../../../src/telephony/sip/auth/digest-server.ts';
import { checkNonce, createNonce } from '../../../../src/telephony/sip/auth/nonce.ts';

const realm = 'openccc.test';
const secret = 'server-secret';
const options: VerifyOptions = {
  method: 'INVITE',
  uri: 'sip:ivr@openccc.test',
  realm,
  nonceSecret: secret,
  lookupPassword: (u) => (u === 'alice' ? 'pw' : undefined),
  now: 10_000,
  maxNonceAgeMs: 30_000,
};

function answer(issuedAt: number, over: { password?: string; username?: string; uri?: string; challenge?: string } = {}): string {
  const r = parseDigestChallenge(over.challenge ?? createChallenge({ realm, nonceSecret: secret, now: issuedAt }));
  assert.ok(r.ok);
  return answerChallenge(
    r.challenge,
    { username: over.username ?? 'alice', password: over.password ?? 'pw' },
    { method: 'INVITE', uri: over.uri ?? 'sip:ivr@openccc.test' },
    { cnonce: 'abc', nonceCount: 1 },
  );
}

test('createChallenge: SHA-256, qop auth, a stateless nonce; stale only when asked', () => {
  const c = createChallenge({ realm, nonceSecret: secret, now: 5 });
  const r = parseDigestChallenge(c);
  assert.ok(r.ok);
  assert.equal(r.challenge.algorithm, 'SHA-256');
  assert.deepEqual(r.challenge.qop, ['auth']);
  assert.equal(r.challenge.stale, false);
  assert.equal(createChallenge({ realm, nonceSecret: secret, now: 5 }), c, 'same time, same nonce: no hidden randomness or clock');
  const stale = parseDigestChallenge(createChallenge({ realm, nonceSecret: secret, now: 5, stale: true, algorithm: 'MD5' }));
  assert.ok(stale.ok && stale.challenge.stale && stale.challenge.algorithm === 'MD5');
  assert.deepEqual(
    createChallenges({ realm, nonceSecret: secret, now: 5, algorithms: ['SHA-512-256', 'SHA-256', 'MD5'] }).map(
      (v) => v.match(/algorithm=([^,]+)/)?.[1],
    ),
    ['SHA-512-256', 'SHA-256', 'MD5'],
  );
});

test('a right answer inside the nonce lifetime is ok', () => {
  assert.deepEqual(verifyAuthorization(answer(0), options), { result: 'ok', username: 'alice', algorithm: 'SHA-256' });
});

test('a right answer with an expired nonce is stale, a wrong one with an expired nonce is invalid', () => {
  const late = { ...options, now: 40_001 };
  assert.deepEqual(verifyAuthorization(answer(10_001), late), { result: 'ok', username: 'alice', algorithm: 'SHA-256' });
  assert.deepEqual(verifyAuthorization(answer(0), late), { result: 'stale', username: 'alice' });
  assert.equal(verifyAuthorization(answer(0, { password: 'nope' }), late).result, 'invalid');
});

test('invalid, each with a reason: wrong password, unknown user, other realm, other uri, forged nonce, no qop', () => {
  const cases: [string, RegExp][] = [
    [answer(0, { password: 'nope' }), /wrong credentials/],
    [answer(0, { username: 'mallory' }), /wrong credentials/],
    [answer(0, { uri: 'sip:other@openccc.test' }), /uri/],
    [answer(0, { challenge: createChallenge({ realm: 'elsewhere', nonceSecret: secret, now: 0 }) }), /realm/],
    [answer(0, { password: 'nope', challenge: createChallenge({ realm, nonceSecret: 'other-secret', now: 0 }) }), /nonce/],
    [answer(0, { challenge: `Digest realm="${realm}", nonce="${createNonce(secret, realm, 0)}"` }), /qop/],
    ['Basic YWxpY2U6cHc=', /not Digest/],
    ['Digest username="alice"', /lack/],
  ];
  for (const [value, reason] of cases) {
    const r = verifyAuthorization(value, options);
    assert.equal(r.result, 'invalid', value);
    assert.match(r.result === 'invalid' ? r.reason : '', reason, value);
  }
});

test('a right digest over a nonce minted under another secret (rotated, or another node) is stale, so the client just retries', () => {
  const rotated = answer(0, { challenge: createChallenge({ realm, nonceSecret: 'old-secret', now: 0 }) });
  assert.deepEqual(verifyAuthorization(rotated, options), { result: 'stale', username: 'alice' });
});

test('accepted algorithms can refuse a downgrade to MD5', () => {
  const md5 = answer(0, { challenge: createChallenge({ realm, nonceSecret: secret, now: 0, algorithm: 'MD5' }) });
  assert.equal(verifyAuthorization(md5, options).result, 'ok');
  assert.equal(verifyAuthorization(md5, { ...options, algorithms: ['SHA-256'] }).result, 'invalid');
});

test('nonces: a tampered time or MAC, a non-canonical encoding, or a time from the future is forged', () => {
  const n = createNonce(secret, realm, 1_000);
  assert.equal(checkNonce(n, secret, realm, 2_000, 60_000).state, 'fresh');
  assert.equal(checkNonce(n, secret, realm, 100_000, 60_000).state, 'expired');
  assert.equal(checkNonce(n, secret, 'other', 2_000, 60_000).state, 'forged');
  assert.equal(checkNonce(createNonce(secret, realm, 1_000_000), secret, realm, 2_000, 60_000).state, 'forged');
  const raw = Buffer.from(n, 'base64url');
  raw[7] = raw[7]! ^ 1;
  assert.equal(checkNonce(raw.toString('base64url'), secret, realm, 2_000, 60_000).state, 'forged');
  assert.equal(checkNonce(n + '=', secret, realm, 2_000, 60_000).state, 'forged');
  assert.equal(checkNonce('', secret, realm, 2_000, 60_000).state, 'forged');
});

test('property: arbitrary Authorization values never throw and are never ok', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      assert.notEqual(verifyAuthorization(s, options).result, 'ok');
      assert.notEqual(verifyAuthorization(`Digest ${s}`, options).result, 'ok');
    }),
    { numRuns: 2000 },
  );
});
