import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCancel, createNon2xxAck, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { TransactionLayer, type ClientTransaction, type ServerTransaction } from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, flush, newClock, request, response } from './support.ts';

type Op =
  | { k: 'send'; invite: boolean }
  | { k: 'response'; i: number; status: number }
  | { k: 'incoming'; invite: boolean; legacy: boolean }
  | { k: 'retransmit'; i: number }
  | { k: 'ack'; i: number; status: number }
  | { k: 'cancel'; i: number }
  | { k: 'respond'; i: number; status: number }
  | { k: 'advance'; ms: number }
  | { k: 'failing'; on: boolean };

const status = fc.constantFrom(100, 180, 200, 202, 404, 486, 503);
const index = fc.nat(20);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('send' as const), invite: fc.boolean() }),
  fc.record({ k: fc.constant('response' as const), i: index, status }),
  fc.record({ k: fc.constant('incoming' as const), invite: fc.boolean(), legacy: fc.boolean() }),
  fc.record({ k: fc.constant('retransmit' as const), i: index }),
  fc.record({ k: fc.constant('ack' as const), i: index, status }),
  fc.record({ k: fc.constant('cancel' as const), i: index }),
  fc.record({ k: fc.constant('respond' as const), i: index, status }),
  fc.record({ k: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 40_000 })) }),
  fc.record({ k: fc.constant('failing' as const), on: fc.boolean() }),
);

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

test('property: any interleaving of retransmissions, responses, ACKs, CANCELs, transport failures and clock advances never throws and drains', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.boolean(), async (ops, reliable) => {
      const clock = newClock();
      const transport = new RecordingTransport(clock, reliable);
      const clients: ClientTransaction[] = [];
      const servers: [SipRequest, ServerTransaction][] = [];
      const layer = new TransactionLayer({
        clock,
        transport,
        user: { request: (r, tx) => servers.push([r, tx]), strayRequest: () => {}, strayResponse: () => {} },
      });
      for (const o of ops) {
        switch (o.k) {
          case 'send':
            clients.push(layer.sendRequest(request({ method: o.invite ? 'INVITE' : 'OPTIONS' }), PEER));
            break;
          case 'response': {
            const c = pick(clients, o.i);
            if (c) layer.receive(response(c.request, o.status), PEER);
            break;
          }
          case 'incoming':
            layer.receive(request({ method: o.invite ? 'INVITE' : 'REGISTER', ...(o.legacy ? { branch: '' } : {}) }), PEER);
            break;
          case 'retransmit': {
            const s = pick(servers, o.i);
            if (s) layer.receive(s[0], PEER);
            break;
          }
          case 'ack': {
            const s = pick(servers, o.i);
            if (s && s[0].method === 'INVITE') layer.receive(createNon2xxAck(s[0], response(s[0], o.status)), PEER);
            break;
          }
          case 'cancel': {
            const s = pick(servers, o.i);
            if (s && s[0].method === 'INVITE') layer.receive(createCancel(s[0]), PEER);
            break;
          }
          case 'respond': {
            const s = pick(servers, o.i);
            if (s) s[1].respond(response(s[0], o.status));
            break;
          }
          case 'advance':
            clock.advance(o.ms);
            break;
          case 'failing':
            transport.failing = o.on;
            break;
        }
        await flush();
      }
      // The TUs finish their part: every request gets a final response, every client request one too.
      for (const c of clients) layer.receive(response(c.request, c.request.method === 'INVITE' ? 486 : 200), PEER);
      for (const [r, tx] of servers) tx.respond(response(r, 500));
      await flush();
      clock.runAll();
      await flush();
      clock.runAll();
      assert.equal(layer.size, 0);
      assert.equal(clock.pendingTimers(), 0);
      for (const tx of [...clients, ...servers.map(([, t]) => t)]) assert.equal(tx.state, 'terminated');
    }),
    { numRuns: 300 },
  );
});
