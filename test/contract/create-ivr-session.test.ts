import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import {
  APP,
  BASIC_APP,
  BLACKLISTED,
  CALLERS,
  EXPIRED_APP,
  IVR,
  NO_NUMBERS_APP,
  OTHER_ID,
  OTHER_KEY,
  SURVEY_IVR,
} from './support/test-world.ts';

describe('CreateIVRSession through the official SDK', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld();
  });
  after(async () => {
    await w.stop();
  });

  test('the seed example creates a session and returns a 32-hex SessionId and a RequestId', async () => {
    const res = await w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR });
    assert.match(res.SessionId ?? '', /^[0-9a-f]{32}$/);
    assert.match(res.RequestId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('E.164 callee, explicit Callers, Variables and UUI are accepted and stored', async () => {
    const res = await w.client.CreateIVRSession({
      Callee: '+8613800138000',
      SdkAppId: APP,
      IVRId: IVR,
      Callers: [CALLERS[1]!],
      Variables: [{ Key: 'name', Value: 'Li Lei' }],
      UUI: 'order-42',
    });
    const { Session } = await w.client.DescribeTelSession({ SdkAppId: APP, SessionId: res.SessionId! });
    assert.equal(Session?.Caller, CALLERS[1]);
    assert.equal(Session?.Callee, '+8613800138000');
    assert.equal(Session?.Direction, 1);
  });

  const cases: [string, () => Promise<unknown>, string][] = [
    [
      'unknown SdkAppId',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: 1499999999, IVRId: IVR }),
      'InvalidParameterValue.InstanceNotExist',
    ],
    [
      'app not on the Advanced edition',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: BASIC_APP, IVRId: IVR }),
      'FailedOperation.PermissionDenied',
    ],
    [
      'credential not allowed on the app',
      () => w.clientFor(OTHER_ID, OTHER_KEY).CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR }),
      'FailedOperation.PermissionDenied',
    ],
    [
      'package expired',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: EXPIRED_APP, IVRId: IVR }),
      'LimitExceeded.BasePackageExpired',
    ],
    ['unknown IVRId', () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: 9999 }), 'InvalidParameterValue'],
    [
      'IVR of a type other than inbound/autoOutbound',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: SURVEY_IVR }),
      'InvalidParameterValue',
    ],
    [
      'callee that is not a phone number',
      () => w.client.CreateIVRSession({ Callee: 'not-a-number', SdkAppId: APP, IVRId: IVR }),
      'InvalidParameterValue',
    ],
    [
      'callee too short to dial',
      () => w.client.CreateIVRSession({ Callee: '0086123', SdkAppId: APP, IVRId: IVR }),
      'InvalidParameterValue',
    ],
    [
      'Callers not among the app numbers',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR, Callers: ['008699999999999'] }),
      'FailedOperation.NoCallOutNumber',
    ],
    [
      'Callers naming an arrears number',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR, Callers: ['008610000000009'] }),
      'FailedOperation.NoCallOutNumber',
    ],
    [
      'app without a usable call-out number',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: NO_NUMBERS_APP, IVRId: IVR }),
      'FailedOperation.NoCallOutNumber',
    ],
    [
      'oversize UUI',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR, UUI: 'x'.repeat(1025) }),
      'InvalidParameterValue',
    ],
    [
      'too many Variables',
      () =>
        w.client.CreateIVRSession({
          Callee: '008612300000000',
          SdkAppId: APP,
          IVRId: IVR,
          Variables: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
        }),
      'InvalidParameterValue',
    ],
    [
      'oversize Variable value',
      () =>
        w.client.CreateIVRSession({
          Callee: '008612300000000',
          SdkAppId: APP,
          IVRId: IVR,
          Variables: [{ Key: 'k', Value: 'v'.repeat(1025) }],
        }),
      'InvalidParameterValue',
    ],
    [
      'blacklisted callee',
      () => w.client.CreateIVRSession({ Callee: BLACKLISTED, SdkAppId: APP, IVRId: IVR }),
      'FailedOperation.CalleeIsBlackUser',
    ],
    ['missing Callee', () => w.client.CreateIVRSession({ SdkAppId: APP, IVRId: IVR } as never), 'MissingParameter'],
    [
      'SdkAppId of the wrong type',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: '1400000000', IVRId: IVR } as never),
      'InvalidParameter',
    ],
    [
      'unknown parameter',
      () => w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR, Foo: 1 } as never),
      'UnknownParameter',
    ],
  ];
  for (const [name, call, code] of cases) {
    test(`${name} -> ${code}`, async () => {
      assert.equal(await errorCodeOf(call()), code);
    });
  }
});
