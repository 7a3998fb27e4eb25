import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DigestClient } from '../../../../src/telephony/sip/auth/digest-client.ts';
import { createRequest, parseSipMessage, serializeSipMessage, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { PeerPolicy, TrustedAddresses, type PeerVerdict } from '../../../../src/telephony/sip/ua/index.ts';

const UNTRUSTED = { host: '192.0.2.7' };
const URI = 'sip:ua@198.51.100.1';
const NOW = 1_700_000_000_000;

function request(method: string, headers: [string, string][] = [], cseqMethod = method): SipRequest {
  const built = createRequest({
    method,
    uri: URI,
    from: '<sip:peer@192.0.2.7>;tag=f1',
    to: `<${URI}>`,
    callId: 'c1@test',
    cseq: 1,
    via: { protocol: 'SIP', version: '2.0', transport: 'UDP', host: '192.0.2.7', port: 5060, params: new Map([['branch', 'z9hG4bK-1']]) },
    headers,
  });
  if (cseqMethod !== method) built.headers.set('CSeq', `1 ${cseqMethod}`);
  // Through the wire format, so the policy sees what the parser gives the core.
  const parsed = parseSipMessage(serializeSipMessage(built));
  assert.ok(parsed.ok && parsed.message.kind === 'request');
  return parsed.message;
}

const digestPolicy = (maxNonceAgeMs?: number) =>
  new PeerPolicy({
    trusted: ['10.0.0.0/8'],
    digest: { realm: 'openccc', nonceSecret: 's3cret', users: { alice: 'pw' }, ...(maxNonceAgeMs ? { maxNonceAgeMs } : {}) },
  });

function status(v: PeerVerdict): number | 'allow' {
  return v.verdict === 'allow' ? 'allow' : v.response.status;
}

/** Answers the policy's 401 as a UAC would and returns the retried request's verdict. */
function answer(policy: PeerPolicy, client: DigestClient, method: string, challenge: PeerVerdict, now: number): PeerVerdict {
  assert.equal(challenge.verdict, 'challenge');
  const outcome = client.challenged('www', challenge.response.headers.getAll('WWW-Authenticate'));
  assert.equal(outcome.action, 'retry');
  const auth = client.authorize({ method, uri: URI });
  return policy.decide(
    request(
      method,
      auth.map((h) => [h.name, h.value]),
    ),
    UNTRUSTED,
    now,
  );
}

test('CIDR matching: IPv4 and IPv6 blocks, single addresses, edges and IPv4-mapped sources', () => {
  const t = new TrustedAddresses(['127.0.0.1', '10.0.0.0/8', '192.168.1.128/25', '::1', '2001:db8::/32', '0.0.0.0/32']);
  for (const yes of [
    '127.0.0.1',
    '10.0.0.0',
    '10.255.255.255',
    '192.168.1.128',
    '192.168.1.255',
    '::1',
    '2001:db8::',
    '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    '::ffff:10.1.2.3',
    '0.0.0.0',
  ])
    assert.equal(t.has(yes), true, yes);
  for (const no of [
    '127.0.0.2',
    '11.0.0.0',
    '9.255.255.255',
    '192.168.1.127',
    '::2',
    '2001:db9::',
    '2001:db7:ffff::1',
    'not-an-ip',
    '',
    '0.0.0.1',
  ])
    assert.equal(t.has(no), false, no);
  assert.equal(new TrustedAddresses(['0.0.0.0/0']).has('203.0.113.9'), true);
  assert.equal(new TrustedAddresses(['0.0.0.0/0']).has('2001:db8::1'), false, 'an IPv4 block does not cover IPv6');
  assert.equal(new TrustedAddresses([]).has('127.0.0.1'), false);
});

test('malformed trusted entries are refused at construction, naming the entry', () => {
  for (const bad of [
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    'example.com',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8x',
    '1.2.3.4/ 8',
    '',
    '2001:db8::/3.2',
  ]) {
    assert.throws(
      () => new PeerPolicy({ trusted: [bad] }),
      (e: Error) => e.message.includes(`"${bad}"`),
      bad,
    );
  }
  assert.throws(() => new PeerPolicy({ trusted: [], digest: { realm: 'r', nonceSecret: '', users: {} } }), /nonceSecret/);
});

test('a trusted source is allowed for any method, credentials or not', () => {
  const p = digestPolicy();
  for (const m of ['INVITE', 'OPTIONS', 'BYE', 'INFO']) assert.equal(status(p.decide(request(m), { host: '10.9.8.7' }, NOW)), 'allow');
});

test('untrusted with no digest configured: 403 for everything but ACK and CANCEL', () => {
  const p = new PeerPolicy({ trusted: ['127.0.0.1'] });
  for (const m of ['INVITE', 'OPTIONS', 'BYE', 'REGISTER']) {
    const v = p.decide(request(m), UNTRUSTED, NOW, 'tag9');
    assert.equal(status(v), 403);
    assert.ok(v.verdict === 'forbid' && (v.response.headers.get('To') ?? '').includes('tag=tag9'));
  }
  assert.equal(status(p.decide(request('ACK', [], 'INVITE'), UNTRUSTED, NOW)), 'allow');
  assert.equal(status(p.decide(request('CANCEL', [], 'INVITE'), UNTRUSTED, NOW)), 'allow');
});

test('untrusted with digest: no credentials get a 401 offering SHA-256 then MD5; ACK and CANCEL are never challenged', () => {
  const p = digestPolicy();
  const v = p.decide(request('INVITE'), UNTRUSTED, NOW);
  assert.equal(status(v), 401);
  const www = v.verdict === 'challenge' ? v.response.headers.getAll('WWW-Authenticate') : [];
  assert.equal(www.length, 2);
  assert.match(www[0] ?? '', /algorithm=SHA-256/);
  assert.match(www[1] ?? '', /algorithm=MD5/);
  assert.doesNotMatch(www[0] ?? '', /stale/);
  assert.equal(status(p.decide(request('ACK', [], 'INVITE'), UNTRUSTED, NOW)), 'allow');
  assert.equal(status(p.decide(request('CANCEL', [], 'INVITE'), UNTRUSTED, NOW)), 'allow');
});

test('a DigestClient answering the challenge is allowed, and pre-authenticates the next request', () => {
  const p = digestPolicy();
  const client = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  assert.equal(status(answer(p, client, 'INVITE', p.decide(request('INVITE'), UNTRUSTED, NOW), NOW + 10)), 'allow');
  const next = client.authorize({ method: 'OPTIONS', uri: URI });
  assert.equal(status(p.decide(request('OPTIONS', [[next[0]!.name, next[0]!.value]]), UNTRUSTED, NOW + 20)), 'allow');
});

test('a wrong password: 401 first, then 403 for the answer; an unknown user likewise', () => {
  const p = digestPolicy();
  for (const credentials of [
    { username: 'alice', password: 'wrong' },
    { username: 'mallory', password: 'pw' },
  ]) {
    const client = new DigestClient({ credentials, cnonce: () => 'c0ffee' });
    const first = p.decide(request('INVITE'), UNTRUSTED, NOW);
    assert.equal(status(first), 401);
    assert.equal(status(answer(p, client, 'INVITE', first, NOW + 10)), 403);
  }
});

test('credentials for another Request-URI or method, or garbage, get 403', () => {
  const p = digestPolicy();
  const client = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  const first = p.decide(request('INVITE'), UNTRUSTED, NOW);
  assert.ok(first.verdict === 'challenge');
  client.challenged('www', first.response.headers.getAll('WWW-Authenticate'));
  const other = client.authorize({ method: 'INVITE', uri: 'sip:other@198.51.100.1' })[0]!;
  assert.equal(status(p.decide(request('INVITE', [['Authorization', other.value]]), UNTRUSTED, NOW)), 403);
  const bye = client.authorize({ method: 'BYE', uri: URI })[0]!;
  assert.equal(status(p.decide(request('INVITE', [['Authorization', bye.value]]), UNTRUSTED, NOW)), 403);
  assert.equal(status(p.decide(request('INVITE', [['Authorization', 'Digest garbage']]), UNTRUSTED, NOW)), 403);
  assert.equal(status(p.decide(request('INVITE', [['Authorization', 'Basic YWxpY2U6cHc=']]), UNTRUSTED, NOW)), 403);
});

test('a right answer to an expired nonce gets a new challenge with stale=true, and the client then passes', () => {
  const p = digestPolicy(1_000);
  const client = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  const late = NOW + 5_000;
  const stale = answer(p, client, 'INVITE', p.decide(request('INVITE'), UNTRUSTED, NOW), late);
  assert.equal(status(stale), 401);
  assert.ok(stale.verdict === 'challenge');
  assert.match(stale.response.headers.getAll('WWW-Authenticate')[0] ?? '', /stale=true/);
  assert.equal(status(answer(p, client, 'INVITE', stale, late + 10)), 'allow');
});
