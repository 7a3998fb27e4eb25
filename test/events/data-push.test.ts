import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessAndReceiver, LIMITS, pushEndpoint, sessionMessages } from './support/harness.ts';
import { ACK_JSON, type Received } from './support/receiver.ts';
import { pushUrl, pushUuid } from '../../src/events/webhook-sender.ts';

// TCCC's Data Push as an unchanged TCCC receiver sees it: URL, headers, receipt, auth modes.

const decodeBasic = (h: string | undefined): string => Buffer.from((h ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');

describe('TCCC data push to a real receiver', () => {
  const t = harnessAndReceiver();

  test('pushUrl appends action and version after any query the URL has', () => {
    assert.equal(pushUrl('https://x.example/cb', 'cdr'), 'https://x.example/cb?action=cdr&version=1');
    assert.equal(pushUrl('https://x.example/cb?token=abc', 'record'), 'https://x.example/cb?token=abc&action=record&version=1');
    assert.match(pushUuid('a'), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(pushUuid('a'), pushUuid('a'));
    assert.notEqual(pushUuid('a'), pushUuid('b'));
  });

  test('cdr and record pushes: action in the URL, JSON charset header, one X-TCCC-PUSH-UUID over every retry, ErrCode 0 ends it', async () => {
    const ep = pushEndpoint(t.rx.url('/tccc?token=t1'), { kind: 'none' }, { id: 'push-plain' });
    let n = 0;
    t.rx.behaviour = (r) => (r.url.startsWith('/tccc') && ++n <= 2 ? { status: 503, body: 'try later' } : ACK_JSON);
    const [cdr] = sessionMessages('s-push', ep.id, 1, 'cdr');
    const record = { ...sessionMessages('s-push', ep.id, 2, 'record')[1]!, payload: '{"RecordId":"r1"}' };
    await t.h.storage.outbox.insert([cdr!, record]);
    const d = t.h.dispatcher([ep]);
    await t.h.until(async () => (await t.h.storage.outbox.get(record.id))?.state === 'delivered', { what: 'both pushes' });
    const got = t.rx.requests.filter((r) => r.url.startsWith('/tccc'));
    assert.deepStrictEqual(
      got.map((r) => r.url),
      [
        '/tccc?token=t1&action=cdr&version=1',
        '/tccc?token=t1&action=cdr&version=1',
        '/tccc?token=t1&action=cdr&version=1',
        '/tccc?token=t1&action=record&version=1',
      ],
      'the cdr first (retried twice), then the record',
    );
    assert.deepStrictEqual(
      got.slice(0, 3).map((r) => r.headers['x-tccc-push-uuid']),
      Array(3).fill(pushUuid(cdr!.id)),
    );
    assert.notEqual(got[3]!.headers['x-tccc-push-uuid'], got[0]!.headers['x-tccc-push-uuid']);
    assert.equal(got[0]!.headers['content-type'], 'application/json;charset=utf8');
    assert.equal(got[0]!.headers.authorization, undefined);
    assert.equal(got[0]!.body, cdr!.payload);
    assert.equal(got[0]!.headers['x-openccc-signature'], undefined, 'TCCC receivers see no openccc headers they do not know');
    await d.close();
  });

  test('a 2xx without a JSON receipt is a failure', async () => {
    const ep = pushEndpoint(t.rx.url('/noreceipt'), { kind: 'none' }, { id: 'push-noreceipt', limits: { ...LIMITS, maxAttempts: 1 } });
    t.rx.behaviour = (r) => (r.url.startsWith('/noreceipt') ? { status: 200, body: 'OK' } : ACK_JSON);
    const [m] = sessionMessages('s-noreceipt', ep.id, 1, 'cdr');
    await t.h.storage.outbox.insert([m!]);
    const d = t.h.dispatcher([ep]);
    await t.h.until(async () => (await t.h.storage.outbox.get(m!.id))?.state === 'dead');
    assert.equal((await t.h.storage.outbox.get(m!.id))?.lastError, 'HTTP 200 without a JSON receipt: OK (after 1 attempts)');
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('HTTP Basic: the configured user and password; a wrong password is refused and retried', async () => {
    const good = pushEndpoint(t.rx.url('/basic'), { kind: 'basic', username: '1400000000', password: 'p@ss:word' }, { id: 'push-basic' });
    const bad = pushEndpoint(t.rx.url('/basic'), { kind: 'basic', username: '1400000000', password: 'nope' }, { id: 'push-basic-bad' });
    t.rx.behaviour = (r) =>
      !r.url.startsWith('/basic')
        ? ACK_JSON
        : decodeBasic(r.headers.authorization) === '1400000000:p@ss:word'
          ? ACK_JSON
          : { status: 401, body: '' };
    const [ok] = sessionMessages('s-basic', good.id, 1, 'cdr');
    const [ko] = sessionMessages('s-basic-bad', bad.id, 1, 'cdr');
    await t.h.storage.outbox.insert([ok!, ko!]);
    const d = t.h.dispatcher([good, bad]);
    await t.h.until(
      async () => (await t.h.storage.outbox.get(ok!.id))?.state === 'delivered' && (await t.h.storage.outbox.get(ko!.id))!.attempts >= 1,
    );
    const refused = await t.h.storage.outbox.get(ko!.id);
    assert.deepStrictEqual([refused?.state, refused?.lastError], ['pending', 'HTTP 401: ']);
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('OAuth2 client credentials: one token for many pushes, a new one on expiry and on 401', async () => {
    const tokens: Received[] = [];
    let issued = 0;
    let valid = new Set<string>();
    t.rx.behaviour = (r) => {
      if (r.url === '/token') {
        tokens.push(r);
        const t = `tok-${++issued}`;
        valid.add(t);
        return {
          status: 200,
          body: JSON.stringify({ access_token: t, token_type: 'Bearer', expires_in: 600 }),
          contentType: 'application/json',
        };
      }
      if (!r.url.startsWith('/oauth')) return ACK_JSON;
      return valid.has((r.headers.authorization ?? '').replace(/^Bearer /, '')) ? ACK_JSON : { status: 401, body: 'expired' };
    };
    const ep = pushEndpoint(
      t.rx.url('/oauth'),
      { kind: 'oauth2', tokenUrl: t.rx.url('/token'), clientId: 'client id', clientSecret: 's3cr=t', scope: 'push' },
      { id: 'push-oauth' },
    );
    const d = t.h.dispatcher([ep]);
    const deliver = async (session: string) => {
      const [m] = sessionMessages(session, ep.id, 1, 'cdr');
      await t.h.storage.outbox.insert([m!]);
      d.wake();
      await t.h.until(async () => (await t.h.storage.outbox.get(m!.id))?.state === 'delivered', { stepMs: 0, what: session });
    };
    await deliver('s-oauth-1');
    await deliver('s-oauth-2');
    assert.equal(tokens.length, 1, 'the token is cached');
    const form = new URLSearchParams(tokens[0]!.body);
    assert.deepStrictEqual([form.get('grant_type'), form.get('scope')], ['client_credentials', 'push']);
    assert.equal(tokens[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(decodeBasic(tokens[0]!.headers.authorization), 'client%20id:s3cr%3Dt');
    // The receiver forgets the token: a 401, a new token, and the same attempt succeeds.
    valid = new Set();
    await deliver('s-oauth-3');
    assert.equal(tokens.length, 2);
    assert.equal((await t.h.storage.outbox.get(`s-oauth-3-1>${ep.id}`))?.attempts, 1, 'one attempt: the refresh is inside it');
    // Past its lifetime (less the margin) the token is renewed before use.
    t.h.clock.advance(600_000);
    await deliver('s-oauth-4');
    assert.equal(tokens.length, 3);
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });
});
