import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import { serializeSipMessage } from '../../../../src/telephony/sip/message/serializer.ts';
import { checkRequest } from '../../../../src/telephony/sip/message/request-checks.ts';
import { nameAddr, sipUri, via } from './support/arbitraries.ts';
import { createCancel, createNon2xxAck, createRequest, createResponse } from '../../../../src/telephony/sip/message/builders.ts';
import { getCSeq, getFromTag, getToTag, getTopVia, getVias } from '../../../../src/telephony/sip/message/fields.ts';
import { newBranch, newCallId, newTag, type RandomSource } from '../../../../src/telephony/sip/message/ids.ts';
import { parseVia, viaBranch } from '../../../../src/telephony/sip/message/via.ts';
import { TOKEN, scan } from '../../../../src/telephony/sip/message/lex.ts';

const counter = (): RandomSource => {
  let n = 0;
  return (len) => Uint8Array.from({ length: len }, () => n++ & 0xff);
};

function invite() {
  const via = parseVia('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport');
  assert.ok(via.ok);
  return createRequest({
    method: 'INVITE',
    uri: 'sip:bob@example.com',
    from: '"Alice" <sip:alice@example.com>;tag=a1',
    to: '<sip:bob@example.com>',
    callId: 'c1@192.0.2.1',
    cseq: 7,
    via: via.value,
    contact: '<sip:alice@192.0.2.1>',
  });
}

test('createRequest writes the §8.1.1 headers', () => {
  const r = invite();
  assert.deepEqual(
    [...r.headers].map((h) => h.name),
    ['Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq', 'Contact'],
  );
  assert.deepEqual(getCSeq(r), { seq: 7, method: 'INVITE' });
  assert.equal(viaBranch(getTopVia(r)!), 'z9hG4bKabc');
  assert.equal(getFromTag(r), 'a1');
});

test('createResponse copies Via list, From, To (+tag), Call-ID, CSeq (§8.2.6)', () => {
  const req = invite();
  req.headers.append('Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp');
  const resp = createResponse(req, 180, undefined, { toTag: 't9', headers: [['Contact', '<sip:bob@192.0.2.2>']] });
  assert.equal(resp.reason, 'Ringing');
  assert.equal(getVias(resp).length, 2);
  assert.equal(getToTag(resp), 't9');
  assert.equal(resp.headers.get('Call-ID'), 'c1@192.0.2.1');
  assert.equal(resp.headers.get('CSeq'), '7 INVITE');
  assert.equal(resp.headers.get('Contact'), '<sip:bob@192.0.2.2>');
  // An existing tag is kept; 100 Trying gets no tag.
  req.headers.set('To', '<sip:bob@example.com>;tag=old');
  assert.equal(getToTag(createResponse(req, 200, 'OK', { toTag: 'new' })), 'old');
  req.headers.set('To', '<sip:bob@example.com>');
  assert.equal(getToTag(createResponse(req, 100, undefined, { toTag: 'x' })), undefined);
});

test('CANCEL (§9.1) and ACK for a non-2xx (§17.1.1.3)', () => {
  const req = invite();
  req.headers.append('Route', '<sip:proxy.example.com;lr>');
  const cancel = createCancel(req);
  assert.equal(cancel.method, 'CANCEL');
  assert.equal(cancel.uri, req.uri);
  assert.deepEqual(getCSeq(cancel), { seq: 7, method: 'CANCEL' });
  assert.deepEqual(cancel.headers.getAll('Via'), [req.headers.get('Via')]);
  assert.deepEqual(cancel.headers.getAll('Route'), ['<sip:proxy.example.com;lr>']);
  const busy = createResponse(req, 486, undefined, { toTag: 'b7' });
  const ack = createNon2xxAck(req, busy);
  assert.equal(ack.method, 'ACK');
  assert.deepEqual(getCSeq(ack), { seq: 7, method: 'ACK' });
  assert.equal(getToTag(ack), 'b7');
});

test('ids: branch has the magic cookie, ids are tokens, the random source decides them', () => {
  const b = newBranch(counter());
  assert.ok(b.startsWith('z9hG4bK') && b.length > 7 + 10);
  assert.equal(b, newBranch(counter()));
  for (const id of [b, newTag(counter()), newCallId(counter())]) assert.equal(scan(id, 0, TOKEN), id.length);
  assert.ok(newCallId(counter(), 'host.example').endsWith('@host.example'));
  assert.notEqual(
    newTag(counter()),
    newTag(() => new Uint8Array(8).fill(255)),
  );
});

test('property: createRequest output survives serialize → parse and passes checkRequest; createResponse answers it', () => {
  fc.assert(
    fc.property(
      sipUri,
      nameAddr,
      nameAddr,
      fc.array(via, { minLength: 1, maxLength: 3 }),
      fc.nat(0x7fffffff),
      (uri, from, to, vias, seq) => {
        const req = createRequest({ method: 'OPTIONS', uri, from, to, callId: 'c@h', cseq: seq, via: vias, contact: from });
        const r = parseSipMessage(serializeSipMessage(req));
        assert.ok(r.ok && r.message.kind === 'request', r.ok ? '' : r.reason);
        assert.equal(checkRequest(r.message), undefined);
        const resp = createResponse(r.message, 200, undefined, { toTag: 'tt' });
        assert.deepEqual(getVias(resp), vias);
        assert.deepEqual(getCSeq(resp), { seq, method: 'OPTIONS' });
      },
    ),
    { numRuns: 200 },
  );
});
