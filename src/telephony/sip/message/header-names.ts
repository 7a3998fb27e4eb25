import { COMPACT_FORMS } from './compact-forms.ts';

// Canonical spelling of the header names this stack knows; unknown names keep the sender's spelling.
const KNOWN = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Max-Forwards',
  'MIME-Version',
  'Min-Expires',
  'Min-SE',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Replaces',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Service-Route',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
];

const CANONICAL = new Map<string, string>(KNOWN.map((n) => [n.toLowerCase(), n]));
for (const [short, long] of COMPACT_FORMS) CANONICAL.set(short, long);
const KEYS = new Map<string, string>([...CANONICAL].map(([lower, canonical]) => [lower, canonical.toLowerCase()]));

// RFC 3261 §7.3.1: headers whose grammar is a comma-separated list, so rows and commas are equivalent.
// WWW-Authenticate and friends are left out on purpose: their commas separate auth-params, not values.
const LIST_HEADERS = new Set(
  [
    'Accept',
    'Accept-Contact',
    'Accept-Encoding',
    'Accept-Language',
    'Alert-Info',
    'Allow',
    'Allow-Events',
    'Call-Info',
    'Contact',
    'Content-Encoding',
    'Content-Language',
    'Error-Info',
    'In-Reply-To',
    'P-Asserted-Identity',
    'P-Preferred-Identity',
    'Path',
    'Proxy-Require',
    'Reason',
    'Record-Route',
    'Reject-Contact',
    'Request-Disposition',
    'Require',
    'Route',
    'Service-Route',
    'Supported',
    'Unsupported',
    'Via',
    'Warning',
  ].map((n) => n.toLowerCase()),
);

/** The canonical long name for `name` (compact forms expanded, RFC spelling), or `name` itself when unknown. */
export function canonicalHeaderName(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

const EXACT_KEYS = new Map<string, string>([...CANONICAL.values()].map((n) => [n, n.toLowerCase()]));
const RESOLVED = new Map<string, { readonly name: string; readonly key: string }>(
  [...CANONICAL].map(([lower, name]) => [lower, { name, key: name.toLowerCase() }]),
);

/** Canonical name and key of an already lower-cased known name, or undefined (the parser's fast path). */
export function resolveLowerName(lower: string): { readonly name: string; readonly key: string } | undefined {
  return RESOLVED.get(lower);
}

/** The case-insensitive lookup key of a header name (compact forms expanded). */
export function headerKey(name: string): string {
  const exact = EXACT_KEYS.get(name); // canonical spellings skip toLowerCase (measured: 2% of a parse)
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return KEYS.get(lower) ?? lower;
}

/** Whether the header's values form a comma-separated list (keyed by `headerKey`). */
export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}
