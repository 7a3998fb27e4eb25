import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/shared/logger.ts';
import { LifecycleSequence, type LifecycleEvent } from '../../../src/domain/lifecycle-event.ts';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';
import type { Storage, WriteOutcome } from '../../../src/storage/repositories.ts';
import { SessionWriter } from '../../../src/app/call/session-writer.ts';

// Which write the writer makes for a burst, seen at the storage seam: a real storage would show the
// same rows, but not whether the session row was rewritten (storage's own suite proves append does not).

type Write = { write: 'insert' | 'save' | 'append' | 'finish'; seqs: number[]; status?: string };

function recordingStorage(outcome: WriteOutcome = 'written') {
  const writes: Write[] = [];
  const seqs = (events: readonly LifecycleEvent[] = []) => events.map((e) => e.seq);
  const storage = {
    sessions: {
      insert: async (s: SessionRecord, events?: readonly LifecycleEvent[]) =>
        void writes.push({ write: 'insert', seqs: seqs(events), status: s.status }),
      save: async (s: SessionRecord, events?: readonly LifecycleEvent[]) => {
        writes.push({ write: 'save', seqs: seqs(events), status: s.status });
        return outcome;
      },
      append: async (_id: string, events: readonly LifecycleEvent[]) => {
        writes.push({ write: 'append', seqs: seqs(events) });
        return outcome;
      },
    },
    finishSession: async (s: SessionRecord, events?: readonly LifecycleEvent[]) => {
      writes.push({ write: 'finish', seqs: seqs(events), status: s.status });
      return outcome;
    },
  } as unknown as Storage;
  return { storage, writes };
}

const session = newSessionRecord({
  sessionId: 'w-1',
  sdkAppId: 7,
  ivrId: 1,
  callee: '008613800000000',
  calleeE164: '+8613800000000',
  caller: '02000000000',
  uui: '',
  variables: {},
  startedAt: 0,
  requestId: 'r',
});
const tick = () => new Promise((r) => setImmediate(r));

test('events alone are appended without a save; in the burst of a save they ride in it; the finish comes last with what is left', async () => {
  const { storage, writes } = recordingStorage();
  const w = new SessionWriter(storage, silentLogger);
  const seq = new LifecycleSequence(session.sessionId);
  const node = (id: string) => seq.reported('session.nodeEntered', { nodeId: id, nodeType: 'play' }, 0);
  await w.insert(session, [seq.next('session.created', session, 0)]);
  const answered = { ...session, status: 'inProgress' as const, acceptAt: 1 };
  // One burst: the answer's save and the first node entered.
  w.save(answered, [seq.next('session.answered', answered, 1)]);
  w.append([node('a')]);
  await tick();
  // A burst of reports only: one append, coalesced.
  w.append([node('b')]);
  w.append([seq.reported('session.variableSet', { name: 'x', value: '1', nodeId: 'b' }, 2)]);
  await tick();
  // Reports queued just before the end go with the finish.
  w.append([node('c')]);
  const ended = { ...answered, status: 'finished' as const, endedAt: 3, endStatus: 1 as const, hungUpSide: 'system' as const };
  assert.equal(await w.finish(ended, [seq.next('session.ended', ended, 3)]), 'written');
  assert.deepStrictEqual(writes, [
    { write: 'insert', seqs: [1], status: 'dialing' },
    { write: 'save', seqs: [2, 3], status: 'inProgress' },
    { write: 'append', seqs: [4, 5] },
    { write: 'finish', seqs: [6, 7], status: 'finished' },
  ]);
  // After the finish (a late report): appended, the row not written again.
  w.append([seq.reported('session.recordingReady', { recordingId: 'r', durationMs: 1, channels: 1, createdAtMs: 4 }, 4)]);
  await tick();
  await tick();
  assert.deepStrictEqual(writes.at(-1), { write: 'append', seqs: [8] });
});

test('a fenced append is logged, and the next writes still run in order', async () => {
  const { storage, writes } = recordingStorage('fenced');
  const logged: string[] = [];
  const logger = { ...silentLogger, error: (_o: unknown, msg: string) => void logged.push(msg) } as unknown as typeof silentLogger;
  const w = new SessionWriter(storage, logger);
  const seq = new LifecycleSequence(session.sessionId);
  await w.insert(session, []);
  w.append([seq.reported('session.nodeEntered', { nodeId: 'a', nodeType: 'play' }, 0)]);
  await tick();
  const ended = { ...session, status: 'finished' as const, endedAt: 3, endStatus: 1 as const, hungUpSide: 'system' as const };
  assert.equal(await w.finish(ended, []), 'fenced');
  assert.deepStrictEqual(
    writes.map((x) => x.write),
    ['insert', 'append', 'finish'],
  );
  assert.equal(logged.length, 2);
  assert.match(logged[0]!, /fenced/);
});
