import { parseAuthItems, quote } from './auth-params.ts';
import { parseAlgorithm, type DigestAlgorithm, type Qop } from './digest-hash.ts';

/** The digest-response of an Authorization / Proxy-Authorization value (RFC 3261 §25.1, RFC 7616 §3.4). */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  cnonce?: string;
  opaque?: string;
  qop?: Qop;
  nc?: string;
}

/** algorithm, qop and nc are tokens, the rest quoted-strings (RFC 2617 §3.2.2; RFC 3261 §25.1). */
export function formatCredentials(c: DigestCredentials): string {
  const parts = [
    `username=${quote(c.username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(c.uri)}`,
    `response=${quote(c.response)}`,
    `algorithm=${c.algorithm}`,
  ];
  if (c.cnonce !== undefined) parts.push(`cnonce=${quote(c.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.qop !== undefined) parts.push(`qop=${c.qop}`);
  if (c.nc !== undefined) parts.push(`nc=${c.nc}`);
  return `Digest ${parts.join(', ')}`;
}

export type CredentialsResult = { ok: true; credentials: DigestCredentials } | { ok: false; reason: string };

export function parseCredentials(value: string): CredentialsResult {
  const item = parseAuthItems(value)[0];
  if (!item) return { ok: false, reason: 'empty credentials' };
  if (item.scheme.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${item.scheme} is not Digest` };
  const p = item.params;
  const required = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
  for (const name of required) if (p.get(name) === undefined) return { ok: false, reason: `credentials lack ${name}` };
  const algorithm = parseAlgorithm(p.get('algorithm'));
  if (!algorithm) return { ok: false, reason: `unsupported algorithm ${p.get('algorithm')}` };
  const credentials: DigestCredentials = {
    username: p.get('username')!,
    realm: p.get('realm')!,
    nonce: p.get('nonce')!,
    uri: p.get('uri')!,
    response: p.get('response')!,
    algorithm,
  };
  const qop = p.get('qop')?.toLowerCase();
  if (qop !== undefined) {
    if (qop !== 'auth' && qop !== 'auth-int') return { ok: false, reason: `unsupported qop ${qop}` };
    credentials.qop = qop;
  }
  for (const name of ['cnonce', 'opaque', 'nc'] as const) {
    const v = p.get(name);
    if (v !== undefined) credentials[name] = v;
  }
  return { ok: true, credentials };
}
