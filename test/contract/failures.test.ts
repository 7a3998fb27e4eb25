import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, startLiveWorld } from './support/live-server.ts';
import { APP, IVR } from './support/test-world.ts';

test('a carrier at capacity -> FailedOperation.CallOutFailed; capacity freed -> calls go out again', async () => {
  const w = await startLiveWorld({ maxConcurrentCalls: 1 });
  try {
    const { SessionId } = await w.client.CreateIVRSession({ Callee: '+8613900000009', SdkAppId: APP, IVRId: IVR });
    assert.equal(
      await errorCodeOf(w.client.CreateIVRSession({ Callee: '+8613900000009', SdkAppId: APP, IVRId: IVR, UUI: 'second' })),
      'FailedOperation.CallOutFailed',
    );
    await w.client.HangUpCall({ SdkAppId: APP, SessionId: SessionId! });
    const again = await w.client.CreateIVRSession({ Callee: '+8613900000001', SdkAppId: APP, IVRId: IVR });
    assert.match(again.SessionId ?? '', /^[0-9a-f]{32}$/);
  } finally {
    await w.stop();
  }
});

test('storage failing under a live server -> InternalError quoting the RequestId, and the server keeps answering', async () => {
  const w = await startLiveWorld();
  try {
    await w.server.app.storage.close();
    let err: { code?: string; message?: string; requestId?: string } | undefined;
    try {
      await w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR });
    } catch (e) {
      err = e as typeof err;
    }
    assert.equal(err?.code, 'InternalError');
    assert.ok(err?.requestId && err.message?.includes(err.requestId), 'the message quotes the RequestId for the log');
    // Requests that need no storage still work.
    const numbers = await w.client.DescribeNumbers({ SdkAppId: APP });
    assert.equal(numbers.TotalCount, 3);
  } finally {
    await w.stop().catch(() => {});
  }
});
