import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigestChallenge } from '../../../../src/telephony/sip/auth/challenge-parser.ts';
import { parseCredentials } from '../../../../src/telephony/sip/auth/credentials-header.ts';
import { answerChallenge } from '../../../../src/telephony/sip/auth/digest-answer.ts';
import { digestResponse, formatNonceCount } from '../../../../src/telephony/sip/auth/digest-hash.ts';

function challenge(value: string) {
  const r = parseDigestChallenge(value);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.challenge;
}

test('RFC 2617 §3.5: MD5, qop=auth, response 6629fae49393a05397450978507c4ef1', () => {
  const c = challenge(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  );
  const value = answerChallenge(
    c,
    { username: 'Mufasa', password: 'Circle Of Life' },
    { method: 'GET', uri: '/dir/index.html' },
    { cnonce: '0a4f113b', nonceCount: 1 },
  );
  const sent = parseCredentials(value);
  assert.ok(sent.ok);
  assert.equal(sent.credentials.response, '6629fae49393a05397450978507c4ef1');
  assert.equal(sent.credentials.qop, 'auth');
  assert.equal(sent.credentials.nc, '00000001');
  assert.equal(sent.credentials.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  assert.match(value, /qop=auth, nc=00000001/); // tokens, unquoted (RFC 2617 §3.2.2)
});

const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

for (const [algorithm, expected] of [
  ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
] as const) {
  test(`RFC 7616 §3.9.1: ${algorithm} response ${expected}`, () => {
    const c = challenge(
      `Digest realm="${rfc7616.realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="${rfc7616.nonce}", opaque="${rfc7616.opaque}"`,
    );
    const value = answerChallenge(
      c,
      { username: rfc7616.username, password: rfc7616.password },
      { method: 'GET', uri: '/dir/index.html' },
      { cnonce: rfc7616.cnonce, nonceCount: 1 },
    );
    const sent = parseCredentials(value);
    assert.ok(sent.ok);
    assert.equal(sent.credentials.response, expected);
    assert.equal(sent.credentials.algorithm, algorithm);
  });
}

test('cross-check: -sess folds nonce and cnonce into HA1, auth-int hashes the body, no-qop is the RFC 2069 form', async () => {
  const { createHash } = await import('node:crypto');
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const base = { username: 'alice', realm: 'openccc', password: 'pw', nonce: 'n1', method: 'INVITE', uri: 'sip:bob@example.com' };
  // RFC 2069 (RFC 3261 §22.4 keeps it): response = H(HA1:nonce:HA2)
  assert.equal(digestResponse({ ...base, algorithm: 'MD5' }), md5(`${md5('alice:openccc:pw')}:n1:${md5('INVITE:sip:bob@example.com')}`));
  const sessHa1 = sha(`${sha('alice:openccc:pw')}:n1:c1`);
  const ha2 = sha(`INVITE:sip:bob@example.com:${sha('v=0\r\n')}`);
  assert.equal(
    digestResponse({ ...base, algorithm: 'SHA-256-sess', qop: 'auth-int', nc: '0000000a', cnonce: 'c1', body: 'v=0\r\n' }),
    sha(`${sessHa1}:n1:0000000a:c1:auth-int:${ha2}`),
  );
  assert.equal(formatNonceCount(1), '00000001');
  assert.equal(formatNonceCount(255), '000000ff');
});

test('SHA-512-256 (RFC 8760) hashes with SHA-512/256', async () => {
  const { createHash } = await import('node:crypto');
  const h = (s: string) => createHash('sha512-256').update(s).digest('hex');
  const i = { username: 'u', realm: 'r', password: 'p', nonce: 'n', method: 'REGISTER', uri: 'sip:r', algorithm: 'SHA-512-256' as const };
  assert.equal(digestResponse(i), h(`${h('u:r:p')}:n:${h('REGISTER:sip:r')}`));
});
