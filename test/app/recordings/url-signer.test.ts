import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UrlSigner } from '../../../src/app/recordings/url-signer.ts';
import { loadSigningSecret, SIGNING_KEY_FILE } from '../../../src/app/recordings/signing-secret.ts';

const ID = 'a'.repeat(32);
const NOW = 1_800_000_000_000;
const signer = new UrlSigner(Buffer.from('k'.repeat(32)));
const exp = NOW / 1000 + 60;

test('a URL signed for (id, expiry) checks out until it expires, then is expired', () => {
  const sig = signer.sign(ID, exp);
  assert.match(sig, /^[0-9a-f]{64}$/);
  assert.deepEqual(signer.check(ID, String(exp), sig, NOW), { ok: true });
  assert.deepEqual(signer.check(ID, String(exp), sig, exp * 1000 - 1), { ok: true });
  assert.deepEqual(signer.check(ID, String(exp), sig, exp * 1000), { ok: false, reason: 'expired' });
});

test('another id, another expiry, another key, a changed digit or a malformed value are bad signatures', () => {
  const sig = signer.sign(ID, exp);
  const bad = { ok: false, reason: 'badSignature' };
  assert.deepEqual(signer.check('b'.repeat(32), String(exp), sig, NOW), bad);
  assert.deepEqual(signer.check(ID, String(exp + 1), sig, NOW), bad);
  assert.deepEqual(new UrlSigner(Buffer.from('x'.repeat(32))).check(ID, String(exp), sig, NOW), bad);
  assert.deepEqual(signer.check(ID, String(exp), `${sig.slice(0, 63)}${sig[63] === '0' ? '1' : '0'}`, NOW), bad);
  assert.deepEqual(signer.check(ID, String(exp), sig.toUpperCase(), NOW), bad);
  assert.deepEqual(signer.check(ID, String(exp), sig.slice(0, 62), NOW), bad);
  assert.deepEqual(signer.check(ID, `${exp}.5`, sig, NOW), bad);
  assert.deepEqual(signer.check('../../etc/passwd', String(exp), sig, NOW), bad);
  // Expiry is judged only after the signature: an expired forgery is a bad signature, not "expired".
  assert.deepEqual(signer.check(ID, '1', sig, NOW), bad);
});

test('missing or repeated query values are unsigned', () => {
  const sig = signer.sign(ID, exp);
  assert.deepEqual(signer.check(ID, undefined, sig, NOW), { ok: false, reason: 'unsigned' });
  assert.deepEqual(signer.check(ID, String(exp), undefined, NOW), { ok: false, reason: 'unsigned' });
  assert.deepEqual(signer.check(ID, [String(exp), String(exp)], sig, NOW), { ok: false, reason: 'unsigned' });
});

test('the signing key: generated once into the data dir with mode 0600 and reused; a configured one wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-key-'));
  try {
    const first = loadSigningSecret(dir, undefined);
    const path = join(dir, SIGNING_KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.ok(first.length >= 64);
    assert.deepEqual(loadSigningSecret(dir, undefined), first, 'the same key after a restart');
    assert.deepEqual(loadSigningSecret(dir, 'c'.repeat(40)), Buffer.from('c'.repeat(40)));
    assert.equal(readFileSync(path, 'utf8').trim(), first.toString('utf8'));
    writeFileSync(path, 'short\n');
    assert.throws(() => loadSigningSecret(dir, undefined), /no usable recording signing key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
