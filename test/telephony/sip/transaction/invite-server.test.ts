import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INVITE_SERVER_TABLE,
  InviteServerTransaction,
  type InviteServerEvent,
  type InviteServerState,
  nextState,
} from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, flush, newClock, request, response } from './support.ts';

function setup(reliable = false, hold = false) {
  const clock = newClock();
  const transport = new RecordingTransport(clock, reliable);
  transport.hold = hold;
  const invite = request();
  const tx = new InviteServerTransaction({ request: invite, destination: PEER, transport, clock });
  const seen: string[] = [];
  tx.on('timeout', () => seen.push('timeout'));
  tx.on('transportError', (e) => seen.push(`transportError ${e.message}`));
  tx.on('terminated', () => seen.push('terminated'));
  return { clock, transport, invite, tx, seen };
}

test('100 Trying goes out at 200 ms when the TU has not answered (§17.2.1), to the request source', () => {
  const { clock, transport, tx } = setup();
  clock.advance(199);
  assert.equal(transport.sent.length, 0);
  clock.advance(1);
  assert.deepEqual(transport.labels(), ['100']);
  assert.deepEqual(transport.sent[0]!.destination, PEER);
  assert.equal(tx.state, 'proceeding');
  tx.close();
});

test('no 100 Trying when the TU answers within 200 ms; a retransmitted INVITE resends the last provisional', () => {
  const { clock, transport, invite, tx } = setup();
  tx.receiveRetransmission(); // nothing sent yet: absorbed
  clock.advance(150);
  assert.equal(tx.respond(response(invite, 180)), true);
  clock.advance(1000);
  tx.receiveRetransmission();
  assert.deepEqual(transport.labels(), ['180', '180']);
  assert.deepEqual(transport.times('180'), [150, 1150]);
  tx.close();
  assert.equal(clock.pendingTimers(), 0);
});

test('a non-2xx final over UDP: Timer G resends it doubling up to T2; Timer H times out at 32 s without an ACK', () => {
  const { clock, transport, invite, tx, seen } = setup();
  tx.respond(response(invite, 486));
  clock.advance(31_999);
  assert.equal(tx.state, 'completed');
  clock.advance(1);
  assert.deepEqual(transport.times('486'), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.deepEqual(seen, ['timeout', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('in Completed a retransmitted INVITE resends the final; the ACK moves to Confirmed, which absorbs everything until Timer I', () => {
  const { clock, transport, invite, tx, seen } = setup();
  clock.advance(300);
  tx.respond(response(invite, 404));
  clock.advance(200);
  tx.receiveRetransmission();
  clock.advance(100);
  assert.equal(tx.receiveAck(), true);
  assert.equal(tx.state, 'confirmed');
  tx.receiveRetransmission();
  assert.equal(tx.receiveAck(), true);
  assert.equal(tx.respond(response(invite, 500)), false);
  clock.advance(4999);
  assert.equal(tx.state, 'confirmed');
  clock.advance(1);
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(transport.labels(), ['100', '404', '404']);
  assert.deepEqual(transport.times('404'), [300, 500]);
  assert.deepEqual(seen, ['terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('RFC 6026 Accepted: a 2xx is sent once, INVITE retransmits are absorbed, the TU retransmits the 2xx, Timer L ends it', () => {
  const { clock, transport, invite, tx, seen } = setup();
  const ok = response(invite, 200);
  tx.respond(ok);
  assert.equal(tx.state, 'accepted');
  clock.advance(500);
  tx.receiveRetransmission();
  assert.equal(tx.respond(ok), true); // the TU's own retransmission (§13.3.1.4)
  assert.equal(tx.respond(response(invite, 486)), false);
  assert.equal(tx.receiveAck(), false); // an ACK for a 2xx is the dialog's, not this transaction's
  clock.advance(32_000 - 500 - 1);
  assert.equal(tx.state, 'accepted');
  clock.advance(1);
  assert.deepEqual(transport.labels(), ['200', '200']);
  assert.deepEqual(transport.times('200'), [0, 500]);
  assert.deepEqual(seen, ['terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('reliable transport: the final is sent once (no Timer G) and the ACK ends the transaction at once (Timer I = 0)', () => {
  const { clock, transport, invite, tx, seen } = setup(true);
  tx.respond(response(invite, 480));
  clock.advance(20_000);
  tx.receiveAck();
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(transport.labels(), ['480']);
  assert.deepEqual(seen, ['terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a transport error in Proceeding or Completed informs the TU and terminates; in Accepted it only informs (RFC 6026 §8.7)', async () => {
  for (const status of [180, 486]) {
    const h = setup(false, true);
    h.tx.respond(response(h.invite, status));
    h.transport.rejectHeld();
    await flush();
    assert.deepEqual(h.seen, ['transportError connection reset', 'terminated'], String(status));
    assert.equal(h.clock.pendingTimers(), 0);
  }
  const h = setup(false, true);
  h.tx.respond(response(h.invite, 200));
  h.transport.rejectHeld();
  await flush();
  assert.equal(h.tx.state, 'accepted');
  assert.deepEqual(h.seen, ['transportError connection reset']);
  h.tx.close();
});

const reach: Record<InviteServerState, (h: ReturnType<typeof setup>) => void> = {
  proceeding: () => {},
  completed: (h) => h.tx.respond(response(h.invite, 486)),
  confirmed: (h) => (h.tx.respond(response(h.invite, 486)), h.tx.receiveAck()),
  accepted: (h) => h.tx.respond(response(h.invite, 200)),
  terminated: (h) => h.tx.close(),
};
const apply: Record<InviteServerEvent, (h: ReturnType<typeof setup>) => Promise<void> | void> = {
  retransmission: (h) => h.tx.receiveRetransmission(),
  provisional: (h) => void h.tx.respond(response(h.invite, 183)),
  success: (h) => void h.tx.respond(response(h.invite, 200)),
  failure: (h) => void h.tx.respond(response(h.invite, 603)),
  timer100: (h) => h.clock.advance(200),
  timerG: (h) => h.clock.advance(500),
  timerH: (h) => h.clock.advance(32_000),
  timerI: (h) => h.clock.advance(5000),
  timerL: (h) => h.clock.advance(32_000),
  ack: (h) => void h.tx.receiveAck(),
  transportError: async (h) => {
    h.transport.rejectHeld();
    await flush();
  },
};

for (const row of INVITE_SERVER_TABLE) {
  test(`Figure 7 row: ${row.from} --${row.on}--> ${row.to}`, async () => {
    const h = setup(false, row.on === 'transportError');
    reach[row.from](h);
    assert.equal(h.tx.state, row.from);
    if (row.on === 'transportError' && row.from === 'proceeding') h.clock.advance(200); // 100 Trying: something to fail
    await apply[row.on](h);
    assert.equal(h.tx.state, row.to);
    h.tx.close();
    assert.equal(h.clock.pendingTimers(), 0);
  });
}

test('Figure 7: every message event in every state does exactly what the table says (no row: state unchanged)', async () => {
  for (const from of ['proceeding', 'completed', 'confirmed', 'accepted', 'terminated'] as const satisfies readonly InviteServerState[]) {
    for (const on of ['retransmission', 'provisional', 'success', 'failure', 'ack'] as const) {
      const h = setup();
      reach[from](h);
      await apply[on](h);
      assert.equal(h.tx.state, nextState(INVITE_SERVER_TABLE, from, on) ?? from, `${on} in ${from}`);
      h.tx.close();
      assert.equal(h.clock.pendingTimers(), 0);
    }
  }
});
