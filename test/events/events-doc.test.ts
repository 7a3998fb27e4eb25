import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SESSION_EVENT_TYPES } from '../../src/events/session-event.ts';
import { signatureHeader, verifySignature } from '../../src/events/signature.ts';
import { Harness, SECRET, sessionMessages, T0, webhookEndpoint } from './support/harness.ts';
import { Receiver } from './support/receiver.ts';

// docs/events.md against the code: it names exactly the events of the union, and its
// verification snippet, run as written, accepts openccc's real deliveries and nothing else.

const doc = readFileSync(join(import.meta.dirname, '../../docs/events.md'), 'utf8');

test('docs/events.md documents exactly the members of the session event union', () => {
  const section = doc.slice(doc.indexOf('\n## Events\n'), doc.indexOf('\n## ', doc.indexOf('\n## Events\n') + 1));
  const documented = [...section.matchAll(/^### `([a-zA-Z.]+)`$/gm)].map((m) => m[1]);
  assert.deepStrictEqual(documented, [...SESSION_EVENT_TYPES]);
});

type Verify = (header: string, rawBody: string, secret: string, toleranceSeconds?: number, nowSeconds?: number) => boolean;

let dir: string;
let verifySnippet: Verify;
before(async () => {
  const block = doc.slice(doc.indexOf('<!-- verify-snippet:begin -->'), doc.indexOf('<!-- verify-snippet:end -->'));
  const code = /```js\n([\s\S]*?)```/.exec(block)?.[1];
  assert.ok(code, 'docs/events.md has the snippet between its markers');
  dir = mkdtempSync(join(tmpdir(), 'openccc-snippet-'));
  writeFileSync(join(dir, 'verify.mjs'), code);
  verifySnippet = ((await import(pathToFileURL(join(dir, 'verify.mjs')).href)) as { verifyOpencccSignature: Verify })
    .verifyOpencccSignature;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the docs' snippet verifies real deliveries, and refuses a changed body, another secret or an old timestamp", async () => {
  const h = await Harness.open();
  const rx = await Receiver.start();
  try {
    const ep = webhookEndpoint(rx.url(), { id: 'signed' });
    const messages = sessionMessages('s-signed', ep.id, 3).map((m, i) => ({
      ...m,
      payload: JSON.stringify({ i, text: 'caf\u00e9 \u4e2d\u6587 "q"' }),
    }));
    await h.storage.outbox.insert(messages);
    h.dispatcher([ep]);
    await h.until(() => rx.requests.length === 3, { stepMs: 0 });
    const nowS = Math.floor(h.clock.now() / 1000);
    for (const r of rx.requests) {
      const header = String(r.headers['x-openccc-signature']);
      assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.equal(verifySnippet(header, r.body, SECRET, 300, nowS), true);
      assert.equal(verifySignature(header, r.body, SECRET, nowS), true, 'the code and the docs agree');
      assert.equal(verifySnippet(header, r.body.replace('"i"', '"j"'), SECRET, 300, nowS), false, 'a changed body');
      assert.equal(verifySnippet(header, r.body, `${SECRET}x`, 300, nowS), false, 'another secret');
      assert.equal(verifySnippet(header, r.body, SECRET, 300, nowS + 301), false, 'too old');
      assert.equal(
        r.headers['x-openccc-event-id'],
        JSON.parse(r.body).i === undefined ? undefined : `s-signed-${JSON.parse(r.body).i + 1}`,
      );
    }
    assert.equal(verifySnippet('v1=00,t=x', '{}', SECRET, 300, nowS), false, 'garbage');
    assert.equal(verifySnippet(signatureHeader(SECRET, T0 / 1000, '{}'), '{}', SECRET, 300, T0 / 1000), true);
  } finally {
    await h.dispose();
    await rx.close();
  }
});
