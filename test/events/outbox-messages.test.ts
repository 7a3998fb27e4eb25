import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { buildTelCdr } from '../../src/domain/cdr.ts';
import { LifecycleSequence } from '../../src/domain/lifecycle-event.ts';
import { endpointsOf } from '../../src/events/endpoints.ts';
import { outboxMessages } from '../../src/events/outbox-messages.ts';
import { buildCdrPush, type CdrPush } from '../../src/events/payloads/cdr-push.ts';
import type { SessionEvent } from '../../src/events/session-event.ts';
import { dataPushConfigSchema, webhookConfigSchema } from '../../src/events/webhook-config.ts';
import { aFinishedSession, aSession, T0 } from '../storage/support/fixtures.ts';
import type { Assert, Fits } from '../support/type-assert.ts';

// The push body is TelCdrInfo of the SDK plus SdkAppId: checked by the typecheck.
type _CdrPushFits = Assert<Fits<Omit<CdrPush, 'SdkAppId'>, ccc.TelCdrInfo>>;
// @ts-expect-error SdkAppId is no TelCdrInfo field: the check above can fail
type _SdkAppIdIsExtra = Assert<Fits<CdrPush, ccc.TelCdrInfo>>;

const APP = 1_400_000_000;
const webhook = (over: object = {}) =>
  webhookConfigSchema.parse({ url: 'https://crm.example.com/hook', secret: 'whsec-0123456789abcdef', ...over });
const push = (over: object = {}) => dataPushConfigSchema.parse({ url: 'https://crm.example.com/tccc', ...over });

function aCall() {
  const live = aSession({ sdkAppId: APP });
  const done = aFinishedSession({ sessionId: live.sessionId, sdkAppId: APP });
  const seq = new LifecycleSequence(live.sessionId);
  const created = seq.next('session.created', live, T0);
  const ringing = seq.next('session.ringing', live, T0 + 1_000);
  const ended = seq.next('session.ended', done, T0 + 65_000);
  return { live, done, created, ringing, ended };
}

test('config defaults: every event, and limits well beyond TCCC retries', () => {
  const w = webhook();
  assert.deepStrictEqual([w.events, w.maxAttempts, w.timeoutMs, w.maxAgeHours, w.concurrency], [['*'], 300, 10_000, 24, 8]);
  const p = push();
  assert.deepStrictEqual([p.auth, p.cdr, p.record], [{ kind: 'none' }, true, true]);
  assert.throws(() => webhook({ events: ['session.exploded'] }));
  assert.throws(() => webhook({ secret: 'short' }));
  assert.throws(() => push({ auth: { kind: 'oauth2', tokenUrl: 'https://idp.example.com/token', clientId: 'a' } }), /clientSecret/);
});

test('endpoint ids are stable per URL and app; the filter becomes a set', () => {
  const [a, b, c] = endpointsOf({
    sdkAppId: APP,
    webhooks: [webhook(), webhook({ url: 'https://b.example.com', events: ['session.ended'] })],
    dataPush: push(),
  });
  assert.match(a!.id, /^1400000000\/webhook\/[0-9a-f]{12}$/);
  assert.equal(endpointsOf({ sdkAppId: APP, webhooks: [webhook({ secret: 'another-secret-0123456' })] })[0]!.id, a!.id);
  assert.notEqual(b!.id, a!.id);
  assert.deepStrictEqual(b!.kind === 'webhook' && [...b!.events!], ['session.ended']);
  assert.deepStrictEqual([c!.id, c!.kind, c!.limits.maxAgeMs], ['1400000000/dataPush', 'dataPush', 86_400_000]);
});

test('webhooks get the events they subscribe to, with the envelope; the end carries the CDR', () => {
  const { done, created, ringing, ended } = aCall();
  const [all, endedOnly] = endpointsOf({
    sdkAppId: APP,
    webhooks: [webhook(), webhook({ url: 'https://b.example.com', events: ['session.ended'] })],
  });
  const msgs = outboxMessages([all!, endedOnly!], {
    session: done,
    events: [created, ringing, ended],
    cdrExtras: { callerLocation: 'Beijing' },
  });
  assert.deepStrictEqual(
    msgs.map((m) => [m.endpointId, m.seq, m.kind]),
    [
      [all!.id, 1, 'webhook'],
      [all!.id, 2, 'webhook'],
      [all!.id, 3, 'webhook'],
      [endedOnly!.id, 3, 'webhook'],
    ],
  );
  const first = JSON.parse(msgs[0]!.payload) as SessionEvent;
  assert.deepStrictEqual(first, {
    id: created.id,
    type: 'session.created',
    version: 1,
    sdkAppId: APP,
    sessionId: done.sessionId,
    seq: 1,
    occurredAt: T0,
    data: { direction: 1, caller: done.caller, callee: done.callee, ivrId: done.ivrId },
  });
  const last = JSON.parse(msgs[3]!.payload) as Extract<SessionEvent, { type: 'session.ended' }>;
  assert.deepStrictEqual(last.data, {
    endStatus: 1,
    hungUpSide: 'user',
    lineOutcome: null,
    cdr: JSON.parse(JSON.stringify(buildTelCdr(done, { callerLocation: 'Beijing' }))),
  });
  assert.deepStrictEqual(msgs[0], { ...msgs[0], id: `${created.id}>${all!.id}`, eventId: created.id, createdAt: T0 });
  assert.deepStrictEqual(outboxMessages([all!], { session: done, events: [created] }), [msgs[0]], 'built again: the same message');
  assert.deepStrictEqual(outboxMessages([{ ...all!, sdkAppId: APP + 1 }], { session: done, events: [created] }), [], 'another app');
});

test('data push: the CDR (DescribeTelCdr body plus SdkAppId) at the end, then one record per recording; nothing for live events', () => {
  const { done, created, ringing, ended } = aCall();
  const [ep] = endpointsOf({ sdkAppId: APP, webhooks: [], dataPush: push() });
  const extras = { callerLocation: 'Beijing', recording: { recordId: 'r-1', recordUrl: 'https://ccc.example.com/recordings/r-1.wav?x' } };
  const recordings = [{ recordId: 'r-1', recordUrl: extras.recording.recordUrl, createdAtMs: T0 + 66_000 }];
  const msgs = outboxMessages([ep!], { session: done, events: [created, ringing, ended], cdrExtras: extras, recordings });
  assert.deepStrictEqual(
    msgs.map((m) => [m.kind, m.seq]),
    [
      ['cdr', 3],
      ['record', 4],
    ],
  );
  const body = JSON.parse(msgs[0]!.payload) as CdrPush;
  assert.deepStrictEqual(body, JSON.parse(JSON.stringify({ SdkAppId: APP, ...buildTelCdr(done, extras) })));
  assert.deepStrictEqual(body, JSON.parse(JSON.stringify(buildCdrPush(done, extras))));
  assert.equal(body.RecordId, 'r-1');
  assert.deepStrictEqual(JSON.parse(msgs[1]!.payload), {
    SdkAppId: APP,
    RecordId: 'r-1',
    SessionId: done.sessionId,
    Timestamp: (T0 + 66_000) / 1000,
    EndpointUser: done.callee,
    RecordURL: extras.recording.recordUrl,
  });
  const off = endpointsOf({ sdkAppId: APP, webhooks: [], dataPush: push({ cdr: false, record: false }) });
  assert.deepStrictEqual(outboxMessages(off, { session: done, events: [ended], recordings }), []);
});

test('reported events: a webhook gets them as they are, recordingReady with a link minted once per recording; the data push none', () => {
  const { done } = aCall();
  const seq = new LifecycleSequence(done.sessionId, 3);
  const node = seq.reported('session.nodeEntered', { nodeId: 'menu', nodeType: 'menu', label: 'main' }, T0 + 2_000);
  const variable = seq.reported('session.variableSet', { name: 'code', value: '42', nodeId: 'ask' }, T0 + 3_000);
  const ready = seq.reported(
    'session.recordingReady',
    { recordingId: 'rec-1', durationMs: 900, channels: 2, createdAtMs: T0 + 66_000 },
    T0 + 66_000,
  );
  const [all, varsOnly, pushEp] = endpointsOf({
    sdkAppId: APP,
    webhooks: [webhook(), webhook({ url: 'https://b.example.com', events: ['session.variableSet', 'session.recordingReady'] })],
    dataPush: push(),
  });
  let minted = 0;
  const urlFor = (id: string) => `https://openccc.example.com/recordings/${id}.wav?n=${++minted}`;
  const out = outboxMessages([all!, varsOnly!, pushEp!], { session: done, events: [node, variable, ready], urlFor });
  const bodies = (ep: string) => out.filter((m) => m.endpointId === ep).map((m) => JSON.parse(m.payload) as SessionEvent);
  assert.deepStrictEqual(
    bodies(all!.id).map((b) => [b.seq, b.type, b.data]),
    [
      [4, 'session.nodeEntered', { nodeId: 'menu', nodeType: 'menu', label: 'main' }],
      [5, 'session.variableSet', { name: 'code', value: '42', nodeId: 'ask' }],
      [
        6,
        'session.recordingReady',
        {
          recordingId: 'rec-1',
          durationMs: 900,
          channels: 2,
          createdAtMs: T0 + 66_000,
          recordUrl: 'https://openccc.example.com/recordings/rec-1.wav?n=1',
        },
      ],
    ],
  );
  assert.deepStrictEqual(
    bodies(varsOnly!.id).map((b) => [b.id, b.type === 'session.recordingReady' && b.data.recordUrl]),
    [
      [variable.id, false],
      [ready.id, 'https://openccc.example.com/recordings/rec-1.wav?n=1'],
    ],
    'the filter keeps what it names; both webhooks share one link',
  );
  assert.deepStrictEqual(
    out.filter((m) => m.endpointId === pushEp!.id),
    [],
    'TCCC never sees them',
  );
  assert.equal(minted, 1);
  assert.throws(() => outboxMessages([all!], { session: done, events: [ready] }), /needs its link/);
});
