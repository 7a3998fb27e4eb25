import { TOKEN, scan, skipWs } from './lex.ts';
import { parseDecimal, parseHost } from './host.ts';
import { formatParams, parseParams, type SipParams } from './params.ts';
import { fail, ok, type Result } from './result.ts';

/** One Via value (RFC 3261 §20.42): sent-protocol, sent-by and params. */
export interface Via {
  /** Upper-cased, normally 'SIP'. */
  protocol: string;
  version: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS, or any token. */
  transport: string;
  host: string;
  port?: number;
  /** branch, received, rport, maddr, ttl and any other; use the via* readers below. */
  params: SipParams;
}

/** The branch magic cookie of RFC 3261 §8.1.1.7. */
export const BRANCH_COOKIE = 'z9hG4bK';

export function parseVia(s: string): Result<Via> {
  const parts: string[] = [];
  let i = skipWs(s, 0);
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      if (s.charCodeAt(i) !== 47) return fail('Via sent-protocol is not name/version/transport');
      i = skipWs(s, i + 1);
    }
    const end = scan(s, i, TOKEN);
    if (end === i) return fail('Via sent-protocol is not name/version/transport');
    parts.push(s.slice(i, end));
    i = skipWs(s, end);
  }
  const hostStart = i;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    i = close < 0 ? s.length : close + 1;
  } else {
    while (i < s.length && isHostChar(s.charCodeAt(i))) i++;
  }
  const host = parseHost(s, hostStart, i);
  if (!host.ok) return fail(`Via sent-by: ${host.reason}`);
  let port: number | undefined;
  let j = skipWs(s, i);
  if (s.charCodeAt(j) === 58) {
    // sent-by = host [ COLON port ]; COLON allows whitespace around it (§25.1)
    const portStart = skipWs(s, j + 1);
    j = portStart;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    port = parseDecimal(s, portStart, j, 65535);
    if (port === undefined) return fail('Via sent-by port is not a number from 0 to 65535');
    i = j;
  }
  const p = parseParams(s, i);
  if (!p.ok) return fail(`Via: ${p.reason}`);
  if (skipWs(s, p.value.end) !== s.length) return fail('Via has unexpected text after its parameters');
  const params = p.value.params;
  const bad = checkViaParams(params);
  if (bad !== undefined) return fail(bad);
  const via: Via = {
    protocol: (parts[0] as string).toUpperCase(),
    version: parts[1] as string,
    transport: (parts[2] as string).toUpperCase(),
    host: host.value.host,
    params,
  };
  if (port !== undefined) via.port = port;
  return ok(via);
}

function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

function checkViaParams(params: SipParams): string | undefined {
  const branch = params.get('branch');
  if (branch === null) return 'Via branch has no value';
  const ttl = params.get('ttl');
  if (ttl !== undefined && (ttl === null || parseDecimal(ttl, 0, ttl.length, 255) === undefined)) return 'Via ttl is not 0-255';
  const rport = params.get('rport');
  if (typeof rport === 'string' && parseDecimal(rport, 0, rport.length, 65535) === undefined) return 'Via rport is not a port';
  for (const name of ['received', 'maddr']) {
    const v = params.get(name);
    if (v === null || (v !== undefined && !parseHost(v, 0, v.length).ok)) return `Via ${name} is not a host`;
  }
  return undefined;
}

/** Writes one Via value. */
export function formatVia(v: Via): string {
  const port = v.port === undefined ? '' : ':' + v.port;
  return `${v.protocol}/${v.version}/${v.transport} ${v.host}${port}${formatParams(v.params)}`;
}

export function viaBranch(v: Via): string | undefined {
  return v.params.get('branch') ?? undefined;
}

/** Whether the branch carries the RFC 3261 magic cookie (§17.2.3); otherwise RFC 2543 matching applies. */
export function hasRfc3261Branch(v: Via): boolean {
  const b = viaBranch(v);
  return b !== undefined && b.length > BRANCH_COOKIE.length && b.startsWith(BRANCH_COOKIE);
}

export function viaReceived(v: Via): string | undefined {
  return v.params.get('received') ?? undefined;
}

/** RFC 3581: true when rport is present without a value (a request asking for it), the port when it has one. */
export function viaRport(v: Via): number | true | undefined {
  const r = v.params.get('rport');
  if (r === undefined) return undefined;
  return r === null ? true : Number(r);
}

export function viaMaddr(v: Via): string | undefined {
  return v.params.get('maddr') ?? undefined;
}

export function viaTtl(v: Via): number | undefined {
  const t = v.params.get('ttl');
  return t === undefined || t === null ? undefined : Number(t);
}
