// The configured trunk as the outbound leg uses it: where INVITEs go, what they say, how failures read.
import { randomBytes } from 'node:crypto';
import type { DialRequest, LineFailure } from '../../carrier.ts';
import { DigestClient } from '../auth/digest-client.ts';
import type { TransportDestination } from '../transaction/index.ts';
import { formatCallee, type CalleeFormat } from './callee-format.ts';
import { lineFailureFor, type EndStatusOverrides, type LineEnd } from './end-status-map.ts';
import type { OutboundTrunk } from './sip-call-leg.ts';

export interface TrunkSettings {
  /** The trunk's address, resolved to an IP at start. */
  address: string;
  /** As configured (a name or an IP): written in Request-URIs. */
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  calleeFormat: CalleeFormat;
  /** Our host for From (the advertised address). */
  localHost: string;
  username?: string | undefined;
  password?: string | undefined;
  pAssertedIdentity?: boolean | undefined;
  endStatus?: EndStatusOverrides | undefined;
  followRedirects?: number | undefined;
}

const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
/** A number is sent as the user part of a URI: keep only what a telephone-subscriber may hold (RFC 3261 §25.1). */
const userPart = (n: string): string => n.replace(/[^0-9+*#]/g, '');

export class SipTrunk implements OutboundTrunk {
  readonly destination: TransportDestination;
  readonly followRedirects: number;

  constructor(private readonly s: TrunkSettings) {
    this.followRedirects = s.followRedirects ?? 0;
    this.destination = { transport: s.transport.toUpperCase(), host: s.address, port: s.port };
  }

  inviteFor(request: DialRequest): { uri: string; from: string; headers: [string, string][] } {
    const s = this.s;
    const t = s.transport === 'tcp' ? ';transport=tcp' : '';
    const uri = `sip:${userPart(formatCallee(request.callee, s.calleeFormat))}@${bracket(s.host)}:${s.port}${t}`;
    const from = `sip:${userPart(request.caller)}@${bracket(s.localHost)}`;
    const headers: [string, string][] = [];
    if (s.pAssertedIdentity) headers.push(['P-Asserted-Identity', `<${from}>`]); // RFC 3325 §9.1
    if (request.uui) headers.push(['User-to-User', `${Buffer.from(request.uui, 'utf8').toString('hex')};encoding=hex`]); // RFC 7433
    return { uri, from, headers };
  }

  digest(): DigestClient | undefined {
    const { username, password } = this.s;
    if (username === undefined || password === undefined) return undefined;
    return new DigestClient({ credentials: { username, password }, cnonce: () => randomBytes(8).toString('hex') });
  }

  failureFor(end: LineEnd): LineFailure {
    return lineFailureFor(end, this.s.endStatus);
  }
}
