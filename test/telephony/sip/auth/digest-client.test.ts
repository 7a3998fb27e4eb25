import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredentials } from '../../../../src/telephony/sip/auth/credentials-header.ts';
import { DigestClient } from '../../../../src/telephony/sip/auth/digest-client.ts';
import { createChallenge, verifyAuthorization } from '../../../../src/telephony/sip/auth/digest-server.ts';

const secret = 'test-secret';
const realm = 'openccc.test';
const users: Record<string, string> = { alice: 's3cret' };
const lookupPassword = (u: string) => users[u];

function cnonces() {
  let n = 0;
  return () => `cn${++n}`;
}

function creds(value: string) {
  const r = parseCredentials(value);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.credentials;
}

test('answers a 401 challenge, and the server accepts it', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces() });
  const challenge = createChallenge({ realm, nonceSecret: secret, now: 1_000 });
  assert.deepEqual(client.challenged('www', [challenge]), { action: 'retry', realms: [realm] });
  const [h] = client.authorize({ method: 'INVITE', uri: 'sip:bob@openccc.test' });
  assert.equal(h?.name, 'Authorization');
  const v = verifyAuthorization(h!.value, {
    method: 'INVITE',
    uri: 'sip:bob@openccc.test',
    realm,
    nonceSecret: secret,
    lookupPassword,
    now: 2_000,
    maxNonceAgeMs: 60_000,
  });
  assert.deepEqual(v, { result: 'ok', username: 'alice', algorithm: 'SHA-256' });
});

test('pre-authentication: later requests reuse the nonce with nc counting up and a fresh cnonce', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces() });
  client.challenged('proxy', [createChallenge({ realm, nonceSecret: secret, now: 0 })]);
  const sent = [1, 2, 3].map(() => creds(client.authorize({ method: 'OPTIONS', uri: 'sip:x' })[0]!.value));
  assert.deepEqual(
    sent.map((c) => [c.nc, c.cnonce]),
    [
      ['00000001', 'cn1'],
      ['00000002', 'cn2'],
      ['00000003', 'cn3'],
    ],
  );
  assert.equal(client.authorize({ method: 'OPTIONS', uri: 'sip:x' })[0]!.name, 'Proxy-Authorization');
});

test('stale=true: retry with the new nonce, nc back to 1, without asking for credentials again', () => {
  let asked = 0;
  const client = new DigestClient({
    credentials: () => {
      asked++;
      return { username: 'alice', password: 's3cret' };
    },
    cnonce: cnonces(),
  });
  client.challenged('www', [createChallenge({ realm, nonceSecret: secret, now: 0 })]);
  client.authorize({ method: 'REGISTER', uri: 'sip:openccc.test' });
  client.authorize({ method: 'REGISTER', uri: 'sip:openccc.test' });
  const renewed = createChallenge({ realm, nonceSecret: secret, now: 600_000, stale: true });
  assert.equal(client.challenged('www', [renewed]).action, 'retry');
  const c = creds(client.authorize({ method: 'REGISTER', uri: 'sip:openccc.test' })[0]!.value);
  assert.equal(c.nc, '00000001');
  assert.match(renewed, new RegExp(`nonce="${c.nonce}"`));
  assert.equal(asked, 1);
});

test('a non-stale challenge after we answered means the credentials were refused: fail, do not loop', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 'wrong' }, cnonce: cnonces() });
  client.challenged('www', [createChallenge({ realm, nonceSecret: secret, now: 0 })]);
  client.authorize({ method: 'INVITE', uri: 'sip:b' });
  const again = client.challenged('www', [createChallenge({ realm, nonceSecret: secret, now: 10 })]);
  assert.equal(again.action, 'fail');
  assert.equal(again.action === 'fail' && again.reason, 'credentials-rejected');
  assert.deepEqual(client.knownRealms, []);
});

test('no credentials for the realm, or no usable challenge: fail with the reason', () => {
  const none = new DigestClient({ credentials: () => undefined, cnonce: cnonces() });
  const r1 = none.challenged('www', [createChallenge({ realm, nonceSecret: secret, now: 0 })]);
  assert.equal(r1.action === 'fail' && r1.reason, 'no-credentials');
  const r2 = none.challenged('www', ['Basic realm="x"', 'Digest realm="y"']);
  assert.equal(r2.action === 'fail' && r2.reason, 'no-usable-challenge');
});

test('several challenges for one realm: the strongest algorithm wins (RFC 8760)', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces() });
  client.challenged('www', [
    `Digest realm="${realm}", nonce="m", algorithm=MD5, qop="auth"`,
    `Digest realm="${realm}", nonce="s", algorithm=SHA-256, qop="auth"`,
    `Digest realm="${realm}", nonce="t", algorithm=SHA-256-sess, qop="auth"`,
  ]);
  const c = creds(client.authorize({ method: 'INVITE', uri: 'sip:b' })[0]!.value);
  assert.equal(c.algorithm, 'SHA-256');
  assert.equal(c.nonce, 's');
});

test('two realms (a proxy and the far end) each get their own header', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces() });
  client.challenged('proxy', ['Digest realm="proxy.test", nonce="p", qop="auth"']);
  client.challenged('www', ['Digest realm="uas.test", nonce="u", qop="auth"']);
  const headers = client.authorize({ method: 'INVITE', uri: 'sip:b' });
  assert.deepEqual(
    headers.map((h) => [h.name, creds(h.value).realm]),
    [
      ['Proxy-Authorization', 'proxy.test'],
      ['Authorization', 'uas.test'],
    ],
  );
});

test('auth-int signs the body when preferred, and the server checks that body', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces(), preferAuthInt: true });
  client.challenged('www', [createChallenge({ realm, nonceSecret: secret, now: 0, qop: ['auth', 'auth-int'] })]);
  const body = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n';
  const [h] = client.authorize({ method: 'INVITE', uri: 'sip:b', body });
  assert.equal(creds(h!.value).qop, 'auth-int');
  const base = { method: 'INVITE', realm, nonceSecret: secret, lookupPassword, now: 1, maxNonceAgeMs: 60_000 };
  assert.equal(verifyAuthorization(h!.value, { ...base, body }).result, 'ok');
  assert.equal(verifyAuthorization(h!.value, { ...base, body: body + 'a=x\r\n' }).result, 'invalid');
});

test('RFC 2069 compatibility: a challenge without qop is answered without qop, nc or cnonce', () => {
  const client = new DigestClient({ credentials: { username: 'alice', password: 's3cret' }, cnonce: cnonces() });
  client.challenged('www', ['Digest realm="old", nonce="n"']);
  const c = creds(client.authorize({ method: 'BYE', uri: 'sip:b' })[0]!.value);
  assert.equal(c.qop, undefined);
  assert.equal(c.nc, undefined);
  assert.equal(c.cnonce, undefined);
});
