import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCSeq, getToTag, type SipResponse } from '../../../../src/telephony/sip/message/index.ts';
import {
  INVITE_CLIENT_TABLE,
  InviteClientTransaction,
  type InviteClientEvent,
  type InviteClientState,
  nextState,
} from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, flush, newClock, request, response } from './support.ts';

function setup(reliable = false, hold = false) {
  const clock = newClock();
  const transport = new RecordingTransport(clock, reliable);
  transport.hold = hold;
  const invite = request();
  const tx = new InviteClientTransaction({ request: invite, destination: PEER, transport, clock });
  const seen: string[] = [];
  const responses: SipResponse[] = [];
  tx.on('response', (r) => (responses.push(r), seen.push(`response ${r.status}`)));
  tx.on('timeout', () => seen.push('timeout'));
  tx.on('transportError', (e) => seen.push(`transportError ${e.message}`));
  tx.on('terminated', () => seen.push('terminated'));
  tx.start();
  return { clock, transport, invite, tx, seen, responses };
}

test('INVITE over UDP: Timer A resends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (doubling, no cap); Timer B at 32 s (§17.1.1.2)', () => {
  const { clock, transport, tx, seen } = setup();
  clock.advance(31_999);
  assert.equal(tx.state, 'calling');
  clock.advance(1);
  assert.deepEqual(transport.times('INVITE'), [0, 500, 1500, 3500, 7500, 15500, 31500]);
  assert.deepEqual(seen, ['timeout', 'terminated']);
  assert.equal(tx.state, 'terminated');
  assert.equal(clock.pendingTimers(), 0);
});

test('INVITE over a reliable transport is sent once; Timer B still ends it at 32 s', () => {
  const { clock, transport, seen } = setup(true);
  clock.advance(31_999);
  assert.deepEqual(seen, []);
  clock.advance(1);
  assert.deepEqual(transport.times('INVITE'), [0]);
  assert.deepEqual(seen, ['timeout', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a provisional stops retransmissions and Timer B: Proceeding waits for the TU (its CANCEL), not for a timer', () => {
  const { clock, transport, invite, tx, seen } = setup();
  clock.advance(600);
  tx.receive(response(invite, 180));
  clock.advance(600_000);
  assert.deepEqual(transport.times('INVITE'), [0, 500]);
  assert.equal(tx.state, 'proceeding');
  assert.deepEqual(seen, ['response 180']);
  assert.equal(clock.pendingTimers(), 0);
  tx.close();
  tx.close();
  assert.deepEqual(seen, ['response 180', 'terminated']);
});

test('a non-2xx final is ACKed inside the transaction, every retransmission of it is ACKed again and absorbed; Timer D ends it (§17.1.1.3)', () => {
  const { clock, transport, invite, tx, seen } = setup();
  clock.advance(100);
  tx.receive(response(invite, 100));
  clock.advance(900);
  const busy = response(invite, 486, 'busy7');
  tx.receive(busy);
  assert.equal(tx.state, 'completed');
  clock.advance(1000);
  tx.receive(busy);
  clock.advance(2000);
  tx.receive(busy);
  assert.deepEqual(transport.labels(), ['INVITE', 'ACK', 'ACK', 'ACK']);
  assert.deepEqual(transport.times('ACK'), [1000, 2000, 4000]);
  const ack = transport.sent[1]!.message;
  assert.equal(ack.kind, 'request');
  assert.equal(ack.kind === 'request' && ack.uri, invite.uri);
  assert.deepEqual(ack.headers.getAll('Via'), invite.headers.getAll('Via')); // §17.1.1.3: same top Via (branch) as the INVITE
  assert.deepEqual(getCSeq(ack), { seq: 1, method: 'ACK' });
  assert.equal(getToTag(ack), 'busy7'); // To from the response
  assert.deepEqual(transport.sent[1]!.destination, PEER);
  assert.deepEqual(seen, ['response 100', 'response 486']);
  clock.advance(31_999 - 3000);
  assert.equal(tx.state, 'completed');
  clock.advance(1);
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(seen, ['response 100', 'response 486', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('reliable transport: Timer D is 0, so the transaction ends as soon as it has ACKed', () => {
  const { clock, transport, invite, tx, seen } = setup(true);
  tx.receive(response(invite, 603));
  assert.deepEqual(transport.labels(), ['INVITE', 'ACK']);
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(seen, ['response 603', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('RFC 6026 Accepted: every 2xx (first, retransmitted, forked) goes to the TU, the transaction never ACKs them, Timer M ends it', () => {
  const { clock, transport, invite, tx, seen, responses } = setup();
  clock.advance(700);
  tx.receive(response(invite, 200, 'a'));
  assert.equal(tx.state, 'accepted');
  clock.advance(1000);
  tx.receive(response(invite, 200, 'a'));
  tx.receive(response(invite, 200, 'b'));
  tx.receive(response(invite, 180, 'c')); // no arrow: ignored
  tx.receive(response(invite, 486, 'c'));
  assert.deepEqual(transport.labels(), ['INVITE', 'INVITE']);
  assert.deepEqual(
    responses.map((r) => getToTag(r)),
    ['a', 'a', 'b'],
  );
  clock.advance(32_000 - 1000 - 1);
  assert.equal(tx.state, 'accepted');
  clock.advance(1);
  assert.deepEqual(seen, ['response 200', 'response 200', 'response 200', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a transport error informs the TU and terminates, cancelling Timers A and B', async () => {
  const { clock, transport, tx, seen } = setup();
  transport.failing = true;
  clock.advance(500);
  await flush();
  assert.deepEqual(seen, ['transportError port unreachable', 'terminated']);
  assert.equal(tx.state, 'terminated');
  assert.equal(clock.pendingTimers(), 0);
  clock.runAll();
  assert.deepEqual(transport.times('INVITE'), [0, 500]);
});

// Figure 5 as data: drive the machine into each row's `from`, deliver its `on`, check `to`.
const reach: Record<InviteClientState, (h: ReturnType<typeof setup>) => void> = {
  calling: () => {},
  proceeding: (h) => h.tx.receive(response(h.invite, 180)),
  completed: (h) => h.tx.receive(response(h.invite, 486)),
  accepted: (h) => h.tx.receive(response(h.invite, 200)),
  terminated: (h) => h.tx.close(),
};
const apply: Record<InviteClientEvent, (h: ReturnType<typeof setup>) => Promise<void> | void> = {
  timerA: (h) => h.clock.advance(500),
  timerB: (h) => h.clock.advance(32_000),
  timerD: (h) => h.clock.advance(32_000),
  timerM: (h) => h.clock.advance(32_000),
  provisional: (h) => h.tx.receive(response(h.invite, 183)),
  success: (h) => h.tx.receive(response(h.invite, 200)),
  failure: (h) => h.tx.receive(response(h.invite, 500)),
  transportError: async (h) => {
    h.transport.rejectHeld();
    await flush();
  },
};

for (const row of INVITE_CLIENT_TABLE) {
  test(`Figure 5 row: ${row.from} --${row.on}--> ${row.to}`, async () => {
    const h = setup(false, row.on === 'transportError');
    reach[row.from](h);
    assert.equal(h.tx.state, row.from);
    await apply[row.on](h);
    assert.equal(h.tx.state, row.to);
    h.tx.close();
    assert.equal(h.clock.pendingTimers(), 0);
  });
}

test('Figure 5: every message event in every state does exactly what the table says (no row: state unchanged)', async () => {
  for (const from of ['calling', 'proceeding', 'completed', 'accepted', 'terminated'] as const satisfies readonly InviteClientState[]) {
    for (const on of ['provisional', 'success', 'failure'] as const) {
      const h = setup();
      reach[from](h);
      await apply[on](h);
      assert.equal(h.tx.state, nextState(INVITE_CLIENT_TABLE, from, on) ?? from, `${on} in ${from}`);
      h.tx.close();
      assert.equal(h.clock.pendingTimers(), 0);
    }
  }
});
