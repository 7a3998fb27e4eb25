// Client-side signer for tests and bench/ only: the server verifies signatures, it never makes them.
import { v1Signature, v1StringToSign, type V1Method } from '../../src/gateway/auth/v1-string-to-sign.ts';

export interface SignV1Options {
  secretId: string;
  secretKey: string;
  /** The host as signed: the official SDK signs its endpoint, port included (`127.0.0.1:8080`). */
  host: string;
  action: string;
  version: string;
  timestampSec: number;
  nonce: number;
  /** The action's own parameters, already flat (`Callers.0`, `Variables.0.Key`); see flattenParams. */
  params?: Record<string, string | number | boolean>;
  method?: 'GET' | 'POST';
  path?: string;
  signatureMethod?: V1Method;
  region?: string;
  language?: string;
  requestClient?: string;
}

/**
 * Our own signature v1 signer, checked against the official SDK's formatSignString: returns every
 * parameter to send (query for GET, form body for POST), Signature included.
 */
export function signV1(o: SignV1Options): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.params ?? {})) out[k] = String(v);
  out.Action = o.action;
  out.Version = o.version;
  out.Timestamp = String(o.timestampSec);
  out.Nonce = String(o.nonce);
  out.SecretId = o.secretId;
  const signatureMethod = o.signatureMethod ?? 'HmacSHA1';
  out.SignatureMethod = signatureMethod;
  if (o.region !== undefined) out.Region = o.region;
  if (o.language !== undefined) out.Language = o.language;
  if (o.requestClient !== undefined) out.RequestClient = o.requestClient;
  const toSign = v1StringToSign(o.method ?? 'GET', o.host, o.path ?? '/', out);
  out.Signature = v1Signature(o.secretKey, toSign, signatureMethod);
  return out;
}
