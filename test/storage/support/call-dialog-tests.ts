import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Storage, StoredCallDialog } from '../../../src/storage/repositories.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';

/** A release state as the sip carrier writes one: JSON with quotes, non-ASCII and a route set. */
function aDialog(over: Partial<StoredCallDialog> = {}): StoredCallDialog {
  const state = JSON.stringify({
    v: 1,
    dialog: {
      callId: `${randomUUID()}@127.0.0.1`,
      localTag: 'a1',
      remoteTag: 'b2',
      localUri: '"\u5f20\u4e09 \\"x\\"" <sip:0200@198.51.100.1>',
      routeSet: ['<sip:p1.example.com;lr>'],
      localSeq: 1001,
    },
    peer: { transport: 'udp', host: '203.0.113.9', port: 5060 },
  });
  return { sessionId: randomUUID(), carrier: 'sip', state, createdAtMs: T0 + 5_000, ...over };
}

export function callDialogTests(storage: () => Storage): void {
  test('a saved call dialog reads back exactly by its session; unknown sessions are left out', async () => {
    const [a, b] = [aDialog(), aDialog({ carrier: 'other' })];
    await storage().callDialogs.save(a);
    await storage().callDialogs.save(b);
    const got = await storage().callDialogs.ofSessions([b.sessionId, randomUUID(), a.sessionId]);
    assert.deepStrictEqual(
      got.sort((x, y) => x.sessionId.localeCompare(y.sessionId)),
      [a, b].sort((x, y) => x.sessionId.localeCompare(y.sessionId)),
    );
    assert.deepStrictEqual(await storage().callDialogs.ofSessions([]), []);
  });

  test('a second save of a session replaces its dialog', async () => {
    const first = aDialog();
    await storage().callDialogs.save(first);
    const later = { ...aDialog({ sessionId: first.sessionId }), createdAtMs: T0 + 9_000 };
    await storage().callDialogs.save(later);
    assert.deepStrictEqual(await storage().callDialogs.ofSessions([first.sessionId]), [later]);
  });

  test('delete removes the rows of the given sessions and counts them', async () => {
    const [a, b] = [aDialog(), aDialog()];
    await storage().callDialogs.save(a);
    await storage().callDialogs.save(b);
    assert.equal(await storage().callDialogs.delete([a.sessionId, randomUUID()]), 1);
    assert.equal(await storage().callDialogs.delete([]), 0);
    assert.deepStrictEqual(await storage().callDialogs.ofSessions([a.sessionId, b.sessionId]), [b]);
  });

  test("finishSession deletes the finished call's dialog with its CDR, and only that one", async () => {
    const sdkAppId = freshAppId();
    const [live, other] = [aSession({ sdkAppId, status: 'inProgress' }), aSession({ sdkAppId, status: 'inProgress' })];
    await storage().sessions.insert(live);
    await storage().sessions.insert(other);
    await storage().callDialogs.save(aDialog({ sessionId: live.sessionId }));
    const kept = aDialog({ sessionId: other.sessionId });
    await storage().callDialogs.save(kept);
    await storage().finishSession(aFinishedSession({ sessionId: live.sessionId, sdkAppId }));
    assert.deepStrictEqual(await storage().callDialogs.ofSessions([live.sessionId, other.sessionId]), [kept]);
    // A session finished without a dialog (sim, never answered) and a second finish are both fine.
    await storage().finishSession(aFinishedSession({ sessionId: live.sessionId, sdkAppId }));
    await storage().finishSession(aFinishedSession({ sdkAppId }));
  });
}
