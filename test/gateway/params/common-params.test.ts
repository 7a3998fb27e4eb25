import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMON_PARAM_NAMES, splitCommonParams } from '../../../src/gateway/params/common-params.ts';

test('common parameters are split from the action parameters', () => {
  const flat = {
    Action: 'CreateIVRSession',
    Version: '2020-02-10',
    Timestamp: '1',
    Nonce: '2',
    SecretId: 'AKID',
    Signature: 's',
    SignatureMethod: 'HmacSHA256',
    Region: 'ap-guangzhou',
    Token: 't',
    Language: 'en-US',
    RequestClient: 'SDK_NODEJS_4',
    SdkAppId: '1400000000',
    'Callers.0': 'x',
    action: 'lowercase is not common',
  };
  const { common, rest } = splitCommonParams(flat);
  assert.deepEqual(Object.keys(common).sort(), [...COMMON_PARAM_NAMES].sort());
  assert.equal(common.SignatureMethod, 'HmacSHA256');
  assert.deepEqual(rest, { SdkAppId: '1400000000', 'Callers.0': 'x', action: 'lowercase is not common' });
});

test('absent common parameters are absent, not empty', () => {
  const { common, rest } = splitCommonParams({ SdkAppId: '1' });
  assert.deepEqual(common, {});
  assert.equal(common.Action, undefined);
  assert.deepEqual(rest, { SdkAppId: '1' });
});
