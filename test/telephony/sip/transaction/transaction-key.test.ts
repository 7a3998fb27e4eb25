import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCancel, createNon2xxAck, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { clientKeyOfRequest, clientKeyOfResponse, serverKey } from '../../../../src/telephony/sip/transaction/index.ts';
import { request, response } from './support.ts';

const invite = request({ branch: 'z9hG4bKabc', callId: 'k1', sentBy: 'uac.example.org' });
const legacy = request({ branch: '', callId: 'k2' });
const ackFor = (r: SipRequest) => createNon2xxAck(r, response(r, 486, 'uas'));

function sameKey(a: SipRequest, b: SipRequest, method?: string): boolean {
  const ka = serverKey(a);
  const kb = serverKey(b, method);
  assert.ok(ka && kb);
  return ka.key === kb.key && ka.rfc3261 === kb.rfc3261 && (ka.rfc3261 || kb.rfc3261 || ka.toTag === kb.toTag);
}

// §17.2.3 server-side matching, as [what, a, b, method override for b, same transaction?]
const rows: [string, SipRequest, SipRequest, string | undefined, boolean][] = [
  [
    'an INVITE and its retransmission',
    invite,
    request({ branch: 'z9hG4bKabc', callId: 'other', sentBy: 'uac.example.org' }),
    undefined,
    true,
  ],
  ['an INVITE and the ACK of its non-2xx (same branch)', invite, ackFor(invite), undefined, true],
  ['an INVITE and its CANCEL (own transaction)', invite, createCancel(invite), undefined, false],
  ['an INVITE and its CANCEL looked up as INVITE (§9.2)', invite, createCancel(invite), 'INVITE', true],
  ['same branch, other sent-by host', invite, request({ branch: 'z9hG4bKabc', sentBy: '198.51.100.2' }), undefined, false],
  ['same branch, sent-by host in other case', invite, request({ branch: 'z9hG4bKabc', sentBy: 'UAC.Example.ORG' }), undefined, true],
  ['same branch, other method', invite, request({ branch: 'z9hG4bKabc', method: 'OPTIONS', sentBy: 'uac.example.org' }), undefined, false],
  ['RFC 2543: an INVITE and its retransmission', legacy, request({ branch: '', callId: 'k2' }), undefined, true],
  ['RFC 2543: other Call-ID', legacy, request({ branch: '', callId: 'k3' }), undefined, false],
  ['RFC 2543: other CSeq', legacy, request({ branch: '', callId: 'k2', cseq: 2 }), undefined, false],
  ['RFC 2543: other Request-URI', legacy, request({ branch: '', callId: 'k2', uri: 'sip:carol@example.com' }), undefined, false],
  ['RFC 2543: other To tag', legacy, request({ branch: '', callId: 'k2', toTag: 'x' }), undefined, false],
  ['RFC 2543: other top Via', legacy, request({ branch: '', callId: 'k2', sentBy: '203.0.113.5' }), undefined, false],
  ['RFC 2543: an INVITE and its CANCEL looked up as INVITE', legacy, createCancel(legacy), 'INVITE', true],
];

for (const [what, a, b, method, same] of rows) {
  test(`server key: ${what} → ${same ? 'same' : 'different'} transaction`, () => {
    assert.equal(sameKey(a, b, method), same);
  });
}

test('RFC 2543: an ACK keys like its INVITE but carries the To tag of the response, compared separately (§17.2.3)', () => {
  const ka = serverKey(legacy);
  const kb = serverKey(ackFor(legacy));
  assert.ok(ka && kb && !ka.rfc3261 && !kb.rfc3261);
  assert.equal(ka.key, kb.key);
  assert.equal(ka.toTag, undefined);
  assert.equal(kb.toTag, 'uas');
});

test('the bare magic cookie (RFC 4475 badbranch) and a branch without it fall back to RFC 2543 matching', () => {
  for (const branch of ['z9hG4bK', '1234abcd', '']) assert.equal(serverKey(request({ branch }))?.rfc3261, false, branch);
  assert.equal(serverKey(request({ branch: 'z9hG4bK1' }))?.rfc3261, true);
});

test('client key: a response matches on top branch + CSeq method, so a CANCEL 200 and an INVITE 487 on one branch part (§17.1.3)', () => {
  const cancel = createCancel(invite);
  assert.equal(clientKeyOfResponse(response(invite, 487)), clientKeyOfRequest(invite));
  assert.equal(clientKeyOfResponse(response(cancel, 200)), clientKeyOfRequest(cancel));
  assert.notEqual(clientKeyOfRequest(cancel), clientKeyOfRequest(invite));
  assert.notEqual(clientKeyOfResponse(response(request({ branch: 'z9hG4bKzzz' }), 200)), clientKeyOfRequest(invite));
});

test('a message without a top Via or CSeq has no key', () => {
  const bare = request();
  bare.headers.remove('Via');
  assert.equal(serverKey(bare), undefined);
  assert.equal(clientKeyOfRequest(bare), undefined);
  const noCseq = request();
  noCseq.headers.remove('CSeq');
  assert.equal(serverKey(noCseq), undefined);
  assert.equal(clientKeyOfResponse(response(noCseq, 200)), undefined);
});
