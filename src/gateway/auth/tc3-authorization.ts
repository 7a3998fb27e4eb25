/** The parts of a `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  /** Lowercased header names in the order the client signed them. */
  signedHeaders: string[];
  signedHeadersRaw: string;
  signature: string;
}

// TC3 signature v3 doc, step 4: "TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/<Service>/tc3_request,
// SignedHeaders=<a;b>, Signature=<hex>". Character classes never overlap their delimiters, so the
// match is linear in the header length whatever a client sends.
const FORM =
  /^TC3-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request, *SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), *Signature=([^,\s]+) *$/;

/** Parses the Authorization header; `undefined` when it is not of the TC3 form. */
export function parseTc3Authorization(value: string): Tc3Authorization | undefined {
  const m = FORM.exec(value);
  if (!m) return undefined;
  const signedHeadersRaw = m[4]!;
  return { secretId: m[1]!, date: m[2]!, service: m[3]!, signedHeaders: signedHeadersRaw.split(';'), signedHeadersRaw, signature: m[5]! };
}
