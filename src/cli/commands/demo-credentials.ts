import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../../app/config/load.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** The demo's key pair: made once per data dir, so restarts keep working SDK snippets. */
export function demoCredentials(dataDir: string): { secretId: string; secretKey: string } {
  const file = join(dataDir, 'demo-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { secretId: string; secretKey: string };
  mkdirSync(dataDir, { recursive: true });
  const creds = { secretId: `AKID${randomText(32)}`, secretKey: randomText(32) };
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

/** Puts the data dir's demo key pair in place of a demo world's placeholder credentials; returns it. */
export function useDemoCredentials(loaded: LoadedConfig, dataDir: string): { secretId: string; secretKey: string } {
  const creds = demoCredentials(dataDir);
  loaded.config.credentials = [{ ...creds, account: 'demo' }];
  for (const app of loaded.config.apps) app.credentials = [creds.secretId];
  return creds;
}
