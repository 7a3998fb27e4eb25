import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createCancel,
  createNon2xxAck,
  createRequest,
  parseSipMessage,
  serializeSipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/index.ts';
import {
  InviteClientTransaction,
  InviteServerTransaction,
  NonInviteServerTransaction,
  TransactionLayer,
  type ServerTransaction,
  type TransportDestination,
} from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, newClock, request, response } from './support.ts';

function setup(reliable = false) {
  const clock = newClock();
  const transport = new RecordingTransport(clock, reliable);
  const requests: [SipRequest, ServerTransaction][] = [];
  const strayRequests: SipRequest[] = [];
  const strayResponses: SipResponse[] = [];
  const layer = new TransactionLayer({
    clock,
    transport,
    user: {
      request: (r, tx) => requests.push([r, tx]),
      strayRequest: (r) => strayRequests.push(r),
      strayResponse: (r) => strayResponses.push(r),
    },
  });
  return { clock, transport, layer, requests, strayRequests, strayResponses };
}

/** Ends every path the same way: nothing live, nothing scheduled. */
function assertDrained(h: ReturnType<typeof setup>): void {
  h.clock.runAll();
  assert.equal(h.layer.size, 0);
  assert.equal(h.clock.pendingTimers(), 0);
}

test('UAC: responses reach their client transaction; a late 486 after Timer D is a stray response', () => {
  const h = setup();
  const invite = request();
  const tx = h.layer.sendRequest(invite, PEER);
  assert.ok(tx instanceof InviteClientTransaction);
  const got: number[] = [];
  tx.on('response', (r) => got.push(r.status));
  assert.equal(h.layer.size, 1);
  h.layer.receive(response(invite, 180), PEER);
  h.layer.receive(response(invite, 486), PEER);
  h.layer.receive(response(invite, 486), PEER);
  assert.deepEqual(got, [180, 486]);
  assert.deepEqual(h.transport.labels(), ['INVITE', 'ACK', 'ACK']);
  h.clock.advance(32_000);
  assert.equal(h.layer.size, 0);
  h.layer.receive(response(invite, 486), PEER);
  assert.deepEqual(
    h.strayResponses.map((r) => r.status),
    [486],
  );
  assertDrained(h);
});

test('UAC: a 2xx retransmitted after Timer M goes to the TU as a stray response (the dialog ACKs it again, §13.2.2.4)', () => {
  const h = setup();
  const invite = request();
  h.layer.sendRequest(invite, PEER);
  h.layer.receive(response(invite, 200), PEER);
  h.clock.advance(32_000);
  assert.equal(h.layer.size, 0);
  h.layer.receive(response(invite, 200), PEER);
  assert.equal(h.strayResponses.length, 1);
  assertDrained(h);
});

test('UAC: an INVITE and its CANCEL share a branch but are two transactions; each response finds its own', () => {
  const h = setup();
  const invite = request();
  const inv = h.layer.sendRequest(invite, PEER);
  h.layer.receive(response(invite, 180), PEER);
  const cancel = createCancel(invite);
  const can = h.layer.sendRequest(cancel, PEER);
  assert.equal(h.layer.size, 2);
  h.layer.receive(response(cancel, 200), PEER);
  assert.equal(can.state, 'completed');
  assert.equal(inv.state, 'proceeding');
  h.layer.receive(response(invite, 487), PEER);
  assert.equal(inv.state, 'completed');
  assertDrained(h);
});

test('UAC: an ACK never starts a client transaction and a reused branch + method is refused', () => {
  const h = setup();
  const invite = request();
  h.layer.sendRequest(invite, PEER);
  assert.throws(() => h.layer.sendRequest(invite, PEER), /already uses/);
  assert.throws(() => h.layer.sendRequest(createNon2xxAck(invite, response(invite, 486)), PEER), /ACK/);
  h.layer.close();
  h.layer.close();
  assert.equal(h.layer.size, 0);
  assert.equal(h.clock.pendingTimers(), 0);
});

test('UAS: a new INVITE creates one server transaction; its retransmission is absorbed; the non-2xx ACK confirms it', () => {
  const h = setup();
  const invite = request();
  h.layer.receive(invite, PEER);
  h.layer.receive(invite, PEER);
  assert.equal(h.requests.length, 1);
  const [, tx] = h.requests[0]!;
  assert.ok(tx instanceof InviteServerTransaction);
  assert.deepEqual(tx.destination, PEER);
  tx.respond(response(invite, 486));
  h.layer.receive(invite, PEER);
  h.layer.receive(createNon2xxAck(invite, response(invite, 486)), PEER);
  assert.equal(tx.state, 'confirmed');
  assert.deepEqual(h.transport.labels(), ['486', '486']);
  assert.deepEqual(h.strayRequests, []);
  assertDrained(h);
});

test('UAS: an ACK for a 2xx (new branch, its own transaction) and an ACK on an Accepted transaction go to the TU', () => {
  const h = setup();
  const invite = request();
  h.layer.receive(invite, PEER);
  const [, tx] = h.requests[0]!;
  tx.respond(response(invite, 200));
  const sameBranchAck = createNon2xxAck(invite, response(invite, 200));
  h.layer.receive(sameBranchAck, PEER);
  const ack2xx = request({ method: 'ACK', callId: invite.headers.get('Call-ID'), toTag: 'uas1' });
  h.layer.receive(ack2xx, PEER);
  assert.deepEqual(h.strayRequests, [sameBranchAck, ack2xx]);
  assert.equal(tx.state, 'accepted');
  assert.equal(h.requests.length, 1);
  assertDrained(h);
});

test('UAS: a CANCEL is its own non-INVITE transaction, and finds the INVITE it cancels (§9.2)', () => {
  const h = setup();
  const invite = request();
  h.layer.receive(invite, PEER);
  const cancel = createCancel(invite);
  h.layer.receive(cancel, PEER);
  assert.equal(h.requests.length, 2);
  const [[, inv], [, can]] = h.requests as [[SipRequest, ServerTransaction], [SipRequest, ServerTransaction]];
  assert.ok(can instanceof NonInviteServerTransaction);
  assert.equal(h.layer.findInviteServerTransaction(cancel), inv);
  can.respond(response(cancel, 200));
  inv.respond(response(invite, 487));
  assert.equal(h.layer.findInviteServerTransaction(createCancel(request())), undefined);
  assertDrained(h);
});

test('UAS: the same branch from another sent-by is another transaction', () => {
  const h = setup();
  h.layer.receive(request({ branch: 'z9hG4bKsame', sentBy: 'a.example' }), PEER);
  h.layer.receive(request({ branch: 'z9hG4bKsame', sentBy: 'b.example' }), PEER);
  assert.equal(h.requests.length, 2);
  for (const [r, tx] of h.requests) tx.respond(response(r, 500));
  assertDrained(h);
});

test('RFC 2543 fallback: a branchless INVITE is matched by its fields; its ACK by the To tag of the response sent (§17.2.3)', () => {
  const h = setup();
  const invite = request({ branch: '' });
  h.layer.receive(invite, PEER);
  h.layer.receive(request({ branch: '', callId: invite.headers.get('Call-ID'), uri: invite.uri }), PEER);
  assert.equal(h.requests.length, 1);
  const [, tx] = h.requests[0]!;
  tx.respond(response(invite, 486, 'sent-tag'));
  const wrongAck = createNon2xxAck(invite, response(invite, 486, 'other-tag'));
  h.layer.receive(wrongAck, PEER);
  assert.deepEqual(h.strayRequests, [wrongAck]);
  assert.equal(tx.state, 'completed');
  h.layer.receive(createNon2xxAck(invite, response(invite, 486, 'sent-tag')), PEER);
  assert.equal(tx.state, 'confirmed');
  assertDrained(h);
});

test('RFC 4475 badbranch: the bare z9hG4bK cookie is matched the RFC 2543 way, so its retransmission is absorbed', () => {
  const h = setup();
  const bytes = readFileSync(new URL('../../../fixtures/sip/rfc4475/badbranch.dat', import.meta.url));
  const parse = () => {
    const r = parseSipMessage(bytes);
    assert.ok(r.ok && r.message.kind === 'request');
    return r.message;
  };
  const source: TransportDestination = { transport: 'UDP', host: '192.0.2.1', port: 5060 };
  h.layer.receive(parse(), source);
  h.layer.receive(parse(), source);
  assert.equal(h.requests.length, 1);
  const [options, tx] = h.requests[0]!;
  tx.respond(response(options, 200));
  h.layer.receive(parse(), source);
  assert.deepEqual(h.transport.labels(), ['200', '200']);
  assert.deepEqual(h.transport.sent[0]!.destination, source);
  h.clock.advance(32_000);
  h.layer.receive(parse(), source); // after Timer J: a new transaction
  assert.equal(h.requests.length, 2);
  h.requests[1]![1].respond(response(options, 200));
  assertDrained(h);
});

test('two layers back to back: INVITE, 486 and the ACK cross a lossy UDP path and both sides drain', () => {
  const clock = newClock();
  const wire: [SipRequest | SipResponse, 'uac' | 'uas'][] = [];
  const make = (side: 'uac' | 'uas') =>
    new TransactionLayer({
      clock,
      transport: {
        send: async (m) => void wire.push([parseBack(m), side === 'uac' ? 'uas' : 'uac']),
        isReliable: () => false,
      },
      user: {
        request: (r, tx) => tx.respond(response(r, 486)),
        strayRequest: () => assert.fail('no stray request'),
        strayResponse: () => assert.fail('no stray response'),
      },
    });
  const uac = make('uac');
  const uas = make('uas');
  const invite = createRequest({
    method: 'INVITE',
    uri: 'sip:bob@example.com',
    from: '<sip:alice@example.org>;tag=a',
    to: '<sip:bob@example.com>',
    callId: 'b2b',
    cseq: 1,
    via: { protocol: 'SIP', version: '2.0', transport: 'UDP', host: 'uac.example.org', params: new Map([['branch', 'z9hG4bKb2b']]) },
  });
  const tx = uac.sendRequest(invite, PEER);
  let delivered = 0;
  for (let i = 0; i < 200 && (uac.size > 0 || uas.size > 0); i++) {
    clock.advance(250);
    for (const [m, to] of wire.splice(0)) {
      if (delivered++ % 3 === 0) continue; // drop every third message
      (to === 'uac' ? uac : uas).receive(m, PEER);
    }
  }
  assert.equal(tx.state, 'terminated');
  clock.runAll();
  assert.equal(uac.size + uas.size, 0);
  assert.equal(clock.pendingTimers(), 0);
});

function parseBack<M extends SipRequest | SipResponse>(m: M): M {
  const r = parseSipMessage(serializeSipMessage(m));
  assert.ok(r.ok);
  return r.message as M;
}
