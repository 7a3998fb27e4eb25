import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const SIGNING_KEY_FILE = 'recording-signing.key';

/**
 * The HMAC key of recording URLs: the configured one, else a random key generated once into
 * `<dataDir>/recording-signing.key` (mode 0600) and read back on every start, so URLs minted
 * before a restart stay valid until they expire. Several servers sharing recordings must share it
 * (configure `recordings.signingSecret`).
 */
export function loadSigningSecret(dataDir: string, configured: string | undefined): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  const path = join(dataDir, SIGNING_KEY_FILE);
  try {
    // `wx`: created only if absent, so two processes starting at once never overwrite each other's key.
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) throw new Error(`${path} holds no usable recording signing key (delete it to have a new one generated)`);
  return Buffer.from(key, 'utf8');
}
