// Where the external SIP test material is, and the skip-or-fail rule for it (HELPER-BRIEF: OPENCCC_REQUIRE_SIP_PEERS).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const REQUIRED = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';

/** `../shared/corpus/sip` next to the checkout; OPENCCC_SIP_CORPUS overrides it (a git worktree lives elsewhere). */
export const SIP_CORPUS = process.env.OPENCCC_SIP_CORPUS ?? resolve(REPO, '../shared/corpus/sip');
export const PROTOS_DIR = join(SIP_CORPUS, 'protos-c07');
export const HAS_PROTOS = existsSync(join(PROTOS_DIR, '0000000'));
export const HAS_SIPP = !spawnSync('sipp', ['-v']).error;

/** node:test's `skip` value: false when present or required (the test then fails on absence). */
export function skipUnless(present: boolean, message: string): false | string {
  return present || REQUIRED ? false : message;
}
