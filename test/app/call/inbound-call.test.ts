import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTelCdr } from '../../../src/domain/cdr.ts';
import { EndStatus } from '../../../src/domain/end-status.ts';
import type { LifecycleEvent } from '../../../src/domain/lifecycle-event.ts';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';
import type { ClosedCall } from '../../../src/app/call/live-call.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';
import {
  APP,
  INBOUND_IVR,
  OUTBOUND_IVR,
  OURS,
  REMOTE,
  openInboundWorld,
  openScriptedRuntime,
  run,
  settle,
} from './support/inbound-world.ts';

// Inbound calls end to end on the sim carrier, virtual clock and real SQLite: offered, routed by
// the number dialed, admitted as Direction 0 sessions, answered, run through their IVR.

/** The stored row and its stored events tell the same story: what a crash would leave behind. */
function assertAgree(row: SessionRecord, events: readonly LifecycleEvent[]): void {
  const types = events.map((e) => e.type);
  assert.deepEqual(
    events.map((e) => [e.seq, e.id]),
    events.map((_, i) => [i + 1, `${row.sessionId}-${i + 1}`]),
  );
  assert.equal(types[0], 'session.created');
  assert.equal(types.includes('session.answered'), row.acceptAt !== null, `answered vs ${JSON.stringify(types)}`);
  assert.equal(types.includes('session.ended'), row.status === 'finished');
  assert.equal(types.filter((t) => t === 'session.keyPressed').length, row.keyPresses.length);
  assert.equal(types.includes('session.ringing'), row.ringAt !== null);
}

test('an inbound call to our number, dialed in any of its forms, reaches the same IVR: Direction 0, Caller remote, Callee ours, the key pressed', async () => {
  const w = await openInboundWorld();
  try {
    for (const callee of ['008610000000001', '+8610000000001', '8610000000001']) w.carrier.offer({ caller: REMOTE, callee, digits: '1' });
    await run(w.clock, 10_000);
    await w.accepted();
    const ids = w.created();
    assert.equal(ids.length, 3);
    for (const id of ids) {
      const cdr = await cdrOf(w.storage, APP, id);
      assert.ok(cdr, id);
      assert.equal(cdr.ivrId, INBOUND_IVR);
      const tel = buildTelCdr(cdr);
      assert.equal(tel.Direction, 0);
      assert.equal(tel.Caller, REMOTE);
      assert.equal(tel.Callee, OURS);
      assert.equal(tel.EndStatus, EndStatus.ivrEnd);
      assert.deepEqual(
        tel.IVRKeyPressedEx.map((k) => [k.Key, k.Label, k.NodeLabel]),
        [['1', 'sales', 'Main menu']],
      );
      assert.equal(cdr.ringAt, cdr.startedAt, 'an inbound call rings from its arrival');
      assert.ok(cdr.acceptAt! >= cdr.startedAt);
    }
    assert.equal(w.carrier.activeCalls(), 0);
    assert.equal(w.calls.count(), 0);
    assert.equal(w.clock.pendingTimers(), 0);
  } finally {
    await w.close();
  }
});

test('an inbound call to a number with no inbound IVR is rejected notFound and leaves no session', async () => {
  const w = await openInboundWorld();
  try {
    const unknown = w.carrier.offer({ caller: REMOTE, callee: '+8610000009999' });
    const outboundOnly = w.carrier.offer({ caller: REMOTE, callee: '008610000000002' });
    await run(w.clock, 2_000);
    await w.accepted();
    assert.equal(unknown.rejectedWith, 'notFound');
    assert.equal(outboundOnly.rejectedWith, 'notFound');
    assert.deepEqual(w.created(), []);
    assert.deepEqual(await w.storage.sessions.listUnfinished(), []);
    assert.equal(
      await w.storage.cdrs.count({ sdkAppId: APP, fromMs: 0, toMs: w.clock.now() + 1, offset: 0, limit: 10 }),
      0,
      'no CDR either',
    );
    assert.equal(w.carrier.activeCalls(), 0);
    assert.equal(w.clock.pendingTimers(), 0);
  } finally {
    await w.close();
  }
});

test('stored lifecycle events: created, ringing (an inbound call rings from admission), answered, the nodes entered and the key pressed, ended; seq 1..n, ids <sessionId>-<n>; row and events agree after every step', async () => {
  const w = await openInboundWorld();
  try {
    w.carrier.offer({ caller: REMOTE, callee: OURS, digits: '2' });
    const flow = w.app.world.apps.get(APP)!.ivrs.get(OUTBOUND_IVR)!.flow;
    const out = newSessionRecord({
      sessionId: 'out-00000000000000000000000000001',
      sdkAppId: APP,
      ivrId: OUTBOUND_IVR,
      callee: '008613900000000',
      calleeE164: '+8613900000000',
      caller: OURS,
      uui: '',
      variables: {},
      startedAt: w.clock.now(),
      requestId: 'r-1',
    });
    await w.calls.dial(out, flow, { maxRingMs: 60_000 });
    let checks = 0;
    await run(w.clock, 10_000, 100, async () => {
      for (const id of w.created()) {
        const [row, events] = await Promise.all([w.storage.sessions.get(APP, id), w.storage.sessions.events(id)]);
        assertAgree(row!, events);
        checks++;
      }
    });
    assert.ok(checks > 100);
    const [inbound] = w.created().filter((id) => id !== out.sessionId);
    const story = async (id: string) => (await w.storage.sessions.events(id)).map((e) => e.type);
    assert.deepEqual(await story(inbound!), [
      'session.created',
      'session.ringing',
      'session.answered',
      'session.nodeEntered',
      'session.keyPressed',
      'session.nodeEntered',
      'session.ended',
    ]);
    assert.deepEqual(await story(out.sessionId), [
      'session.created',
      'session.ringing',
      'session.answered',
      'session.nodeEntered',
      'session.keyPressed',
      'session.nodeEntered',
      'session.ended',
    ]);
    const events = await w.storage.sessions.events(inbound!);
    assert.deepEqual(events[0]!.data, { direction: 0, caller: REMOTE, callee: OURS, ivrId: INBOUND_IVR });
    assert.equal((events[4]!.data as { key: string }).key, '2');
    assert.equal(events[3]!.type === 'session.nodeEntered' && events[5]!.type === 'session.nodeEntered', true);
    assert.notEqual(
      (events[3]!.data as { nodeId: string }).nodeId,
      (events[5]!.data as { nodeId: string }).nodeId,
      'the menu, then where key 2 led',
    );
    assert.deepEqual(events[6]!.data, { endStatus: EndStatus.ivrEnd, hungUpSide: 'system', lineOutcome: null });
    const row = await w.storage.sessions.get(APP, inbound!);
    assertAgree(row!, events);
  } finally {
    await w.close();
  }
});

test('a caller who hangs up before the app hears of the call leaves no session behind', async () => {
  const w = await openInboundWorld();
  try {
    w.carrier.offer({ caller: REMOTE, callee: OURS, giveUpSeconds: 0 });
    await run(w.clock, 2_000);
    await w.accepted();
    assert.deepEqual(w.created(), []);
    assert.equal(w.calls.count(), 0);
    assert.deepEqual(await w.storage.sessions.listUnfinished(), []);
  } finally {
    await w.close();
  }
});

/** Offers a call that waits in the menu, admitted and answered; returns its LiveCall. */
async function waitingCall(w: Awaited<ReturnType<typeof openInboundWorld>>) {
  w.carrier.offer({ caller: REMOTE, callee: OURS });
  await run(w.clock, 500);
  await w.accepted();
  const id = w.created().at(-1)!;
  const call = w.calls.get(id)!;
  assert.equal(call.record.status, 'inProgress');
  return call;
}

test('LiveCall.close() is idempotent: close emitted once with the durable record, closed resolves', async () => {
  const w = await openInboundWorld();
  try {
    const call = await waitingCall(w);
    const heard: ClosedCall[] = [];
    call.on('close', (c) => heard.push(c));
    const a = call.close();
    const b = call.close();
    call.hangup('api');
    await Promise.all([a, b, call.closed]);
    await call.close();
    assert.equal(heard.length, 1);
    assert.equal(heard[0]!.durable, true);
    assert.equal(heard[0]!.record.sessionId, call.sessionId);
    assert.equal(heard[0]!.record.endStatus, EndStatus.operatorError);
    assert.equal((await cdrOf(w.storage, APP, call.sessionId))?.endStatus, EndStatus.operatorError);
    assert.equal(w.calls.get(call.sessionId), undefined);
    assert.equal(call.leg?.closed, true);
    assert.equal(w.clock.pendingTimers(), 0);
  } finally {
    await w.close();
  }
});

test("the supervisor's shutdown closes every call, each CDR written, no leg or timer left", async () => {
  const w = await openInboundWorld();
  try {
    const calls = [await waitingCall(w), await waitingCall(w), await waitingCall(w)];
    const closes = new Map<string, number>();
    for (const c of calls) c.on('close', () => closes.set(c.sessionId, (closes.get(c.sessionId) ?? 0) + 1));
    await w.calls.shutdown();
    await w.calls.shutdown();
    assert.deepEqual([...closes.values()], [1, 1, 1]);
    for (const c of calls) assert.equal((await cdrOf(w.storage, APP, c.sessionId))?.endStatus, EndStatus.operatorError);
    assert.equal(w.calls.count(), 0);
    assert.equal(w.carrier.activeCalls(), 0);
    assert.equal(w.clock.pendingTimers(), 0);
    assert.equal(w.calls.accepting, false);
    const late = w.carrier.offer({ caller: REMOTE, callee: OURS });
    await run(w.clock, 100);
    await w.accepted();
    assert.equal(late.rejectedWith, 'unavailable', 'a server shutting down refuses new calls');
  } finally {
    await w.close();
  }
});

test('a transfer completed on the line ends the session with EndStatus 1, hung up by the system, the SIP status kept', async () => {
  const w = await openInboundWorld();
  try {
    const call = await waitingCall(w);
    call.leg!.transfer('+8613900000000');
    await run(w.clock, 1_500);
    await call.closed;
    const cdr = await cdrOf(w.storage, APP, call.sessionId);
    assert.equal(cdr?.endStatus, EndStatus.ok);
    assert.equal(cdr?.hungUpSide, 'system');
    assert.deepEqual(cdr?.lineOutcome, { reason: 'transferred to +8613900000000', sipStatus: 200 });
    const types = (await w.storage.sessions.events(call.sessionId)).map((e) => e.type);
    assert.deepEqual(types, ['session.created', 'session.ringing', 'session.answered', 'session.nodeEntered', 'session.ended']);
    assert.equal(w.carrier.activeCalls(), 0);
    assert.equal(w.clock.pendingTimers(), 0);
  } finally {
    await w.close();
  }
});

test('openRuntime routes scripted carrier.sim.inbound calls: a Direction 0 session with its CDR', async () => {
  const w = await openScriptedRuntime(
    '    inbound: [{ caller: "+8613800000001", callee: "+8610000000001", afterSeconds: 2, digits: "1" }]',
  );
  try {
    await run(w.clock, 10_000);
    await settle();
    const ids = w.notices.filter((n) => n.type === 'session.created').map((n) => n.session.sessionId);
    assert.equal(ids.length, 1);
    const cdr = await cdrOf(w.runtime.app.storage, APP, ids[0]!);
    assert.equal(cdr?.direction, 0);
    assert.equal(cdr?.caller, '+8613800000001');
    assert.equal(cdr?.callee, OURS);
    assert.deepEqual(
      cdr?.keyPresses.map((k) => k.key),
      ['1'],
    );
    assert.equal(cdr!.startedAt, Date.UTC(2026, 0, 5, 2, 0, 2));
  } finally {
    await w.close();
  }
});
