import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDigestChallenge, parseDigestChallenges } from '../../../../src/telephony/sip/auth/challenge-parser.ts';
import { parseAuthItems, quote } from '../../../../src/telephony/sip/auth/auth-params.ts';
import { parseCredentials } from '../../../../src/telephony/sip/auth/credentials-header.ts';

test('parses every Digest auth-param, tolerant of spacing, case, folding and token or quoted values', () => {
  const r = parseDigestChallenge(
    'digest  REALM = "atlanta.com" ,\r\n\tdomain="sip:ss1.carrier.com sip:ss2.carrier.com", qop="auth, AUTH-INT",nonce=f84f1cec41e6cbe5aea9c8e88d359,opaque="", stale=TRUE, algorithm=sha-256-sess',
  );
  assert.deepEqual(r, {
    ok: true,
    challenge: {
      realm: 'atlanta.com',
      nonce: 'f84f1cec41e6cbe5aea9c8e88d359',
      opaque: '',
      stale: true,
      algorithm: 'SHA-256-sess',
      qop: ['auth', 'auth-int'],
      domain: ['sip:ss1.carrier.com', 'sip:ss2.carrier.com'],
    },
  });
});

test('defaults: no algorithm is MD5, no qop is the RFC 2069 form, no stale is false', () => {
  const r = parseDigestChallenge('Digest realm="biloxi.com", nonce="abc"');
  assert.ok(r.ok);
  assert.equal(r.challenge.algorithm, 'MD5');
  assert.deepEqual(r.challenge.qop, []);
  assert.equal(r.challenge.stale, false);
  assert.equal(r.challenge.opaque, undefined);
});

test('quoted-pairs are unescaped, and quote() round-trips them', () => {
  const r = parseDigestChallenge(`Digest realm=${quote('a "b" \\c')}, nonce="x\\"y"`);
  assert.ok(r.ok);
  assert.equal(r.challenge.realm, 'a "b" \\c');
  assert.equal(r.challenge.nonce, 'x"y');
});

test('failures are results with a reason: other schemes, missing realm or nonce, unknown algorithm or qop', () => {
  const reasons = [
    'Basic realm="x"',
    'Digest nonce="n"',
    'Digest realm="r"',
    'Digest realm="r", nonce="n", algorithm=SHA-1',
    'Digest realm="r", nonce="n", qop="auth-conf"',
    '',
    '"',
  ].map((v) => {
    const r = parseDigestChallenge(v);
    assert.equal(r.ok, false, v);
    return r.ok ? '' : r.reason;
  });
  assert.match(reasons[0]!, /not Digest/);
  assert.match(reasons[3]!, /unsupported algorithm/);
  assert.match(reasons[4]!, /unsupported qop/);
});

test('several challenges in one value (HTTP style) are all found', () => {
  const all = parseDigestChallenges('Digest realm="a", nonce="1", algorithm=SHA-256, Digest realm="a", nonce="2", Basic realm="z"');
  assert.deepEqual(
    all.map((r) => (r.ok ? `${r.challenge.algorithm}:${r.challenge.nonce}` : 'fail')),
    ['SHA-256:1', 'MD5:2', 'fail'],
  );
});

test('property: any string parses without throwing, as a challenge list and as credentials', () => {
  const alphabet = fc.constantFrom('Digest', 'realm', 'nonce', '=', '"', '\\', ',', ' ', '\t', '\r\n', 'qop', 'auth', 'a', 'MD5');
  const tokens = fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), tokens), (s) => {
      const items = parseAuthItems(s);
      assert.ok(Array.isArray(items));
      for (const r of parseDigestChallenges(s)) assert.equal(typeof r.ok, 'boolean');
      assert.equal(typeof parseCredentials(s).ok, 'boolean');
    }),
    { numRuns: 3000 },
  );
});

test('property: a challenge with arbitrary realm and nonce text round-trips through quote()', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (realm, nonce) => {
      const r = parseDigestChallenge(`Digest realm=${quote(realm)}, nonce=${quote(nonce)}, qop="auth"`);
      assert.ok(r.ok);
      assert.equal(r.challenge.realm, realm);
      assert.equal(r.challenge.nonce, nonce);
    }),
  );
});
