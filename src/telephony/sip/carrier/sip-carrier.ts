// The `sip` carrier: the Carrier seam on the SIP UA, its sessions and the media engine (issue 14).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Redis } from 'ioredis';
import type { Clock } from '../../../shared/clock.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { SipTraceRouter } from '../../call-trace.ts';
import {
  CarrierCapacityError,
  CarrierUnavailableError,
  type Carrier,
  type CarrierEvents,
  type CarrierStats,
  type DialRequest,
  type OrphanRelease,
  type ReleaseToken,
} from '../../carrier.ts';
import type { TextToSpeech } from '../../../media/tts/text-to-speech.ts';
import { MediaEngine } from '../../rtp/engine/media-engine.ts';
import { parseNameAddr, parseUri, type Uri } from '../message/index.ts';
import { OptionsKeepAlive, PeerPolicy, UserAgentCore, type IncomingInvite } from '../ua/index.ts';
import { SessionManager } from '../ua/session/index.ts';
import { requestUriUserToNumber, type CalleeFormat } from './callee-format.ts';
import type { EndStatusOverrides } from './end-status-map.ts';
import { sendOrphanBye, SIP_CARRIER_NAME } from './orphan-dialog.ts';
import { PromptSource } from './prompt-source.ts';
import { RtpTotals } from './rtp-totals.ts';
import { SipCallLeg } from './sip-call-leg.ts';
import { SipIncomingCall } from './sip-incoming-call.ts';
import type { SipLine, SipLineContext } from './sip-line.ts';
import { SipTrunk } from './sip-trunk.ts';
import { TrunkLimiter } from './trunk-limiter.ts';
import { SharedTrunkSlots } from './shared-trunk-slots.ts';
import { SharedTrunkTicket } from './shared-trunk-ticket.ts';

/** Everything the carrier runs on, already read from config (sip-config.ts) with defaults applied. */
export interface SipCarrierSettings {
  /** Where the UA binds UDP and TCP; port 0 picks a free one (tests). */
  listenHost: string;
  listenPort: number;
  /** Written in Via, Contact and SDP when set (NAT, or listening on 0.0.0.0). */
  publicAddress?: string | undefined;
  trunk: {
    host: string;
    port: number;
    transport: 'udp' | 'tcp';
    username?: string | undefined;
    password?: string | undefined;
    calleeFormat: CalleeFormat;
    pAssertedIdentity?: boolean | undefined;
    endStatus?: EndStatusOverrides | undefined;
    maxConcurrentCalls: number;
    callsPerSecond: number;
    queueSeconds: number;
    keepaliveSeconds: number;
    /** 3xx answers one outbound call follows (RFC 3261 §8.1.3.4); 0 = a 3xx ends the call. */
    followRedirects?: number | undefined;
  };
  /** Addresses and CIDR blocks whose INVITEs count as the trunk's, besides the trunk host (any port). */
  allowFrom: readonly string[];
  rtp: { portMin: number; portMax: number };
  rtpTimeoutSeconds: number;
  /** RFC 4028 interval we ask for and grant; 0 = no session timer. */
  sessionExpiresSeconds: number;
}

export interface SipCarrierDeps {
  clock: Clock;
  /** Renders text prompts; without it only audio prompts play. The carrier closes it. */
  tts?: TextToSpeech | undefined;
  /** Media worker threads; default one per core. */
  mediaWorkers?: number;
  /** A cluster's Redis: the trunk's limits then hold over every server dialing it (SharedTrunkSlots). */
  sharedTrunk?: { redis: Redis; holdMs?: number } | undefined;
}

/** How long close() waits for BYEs and CANCELs to be answered before it closes the sockets anyway. */
const SHUTDOWN_SIGNALLING_MS = 5000;

export class SipCarrier extends TypedEmitter<CarrierEvents> implements Carrier {
  readonly name = SIP_CARRIER_NAME;
  private readonly lines = new Set<SipLine>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly ctx: SipLineContext;
  private readonly trunk: SipTrunk;
  /** One per UA: the message tap, routed by Call-ID to each call's ladder (CallLeg.trace). */
  private readonly traces = new SipTraceRouter();
  private readonly detachTraces: () => void;
  private readonly rtpTotals = new RtpTotals();
  private inboundSeq = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly settings: SipCarrierSettings,
    readonly ua: UserAgentCore,
    private readonly sessions: SessionManager,
    private readonly engine: MediaEngine,
    private readonly limiter: TrunkLimiter,
    private readonly sharedSlots: SharedTrunkSlots | undefined,
    private readonly keepalive: OptionsKeepAlive | undefined,
    trunkAddress: string,
    deps: SipCarrierDeps,
  ) {
    super();
    const t = settings.trunk;
    this.trunk = new SipTrunk({ ...t, address: trunkAddress, localHost: ua.host });
    this.ctx = {
      ua,
      sessions,
      engine,
      prompts: new PromptSource({ tts: deps.tts, onForget: (frames) => engine.forgetPrompt(frames) }),
      clock: deps.clock,
      traces: this.traces,
      rtpTotals: this.rtpTotals,
      sdpAddress: settings.publicAddress ?? ua.host,
      // rtpTimeoutSeconds 0 turns the check off
      rtpTuning: { rtpTimeoutMs: settings.rtpTimeoutSeconds > 0 ? settings.rtpTimeoutSeconds * 1000 : Number.POSITIVE_INFINITY },
      onEnded: (line) => this.lines.delete(line),
      track: (work) => {
        const p = work.catch(() => undefined).finally(() => this.pending.delete(p));
        this.pending.add(p);
      },
    };
    ua.onInvite = (invite) => this.onInvite(invite);
    this.detachTraces = this.traces.attach(ua);
  }

  /** Binds the UA, starts the media workers, resolves the trunk; closes what it opened when a step fails. */
  static async open(settings: SipCarrierSettings, deps: SipCarrierDeps): Promise<SipCarrier> {
    const t = settings.trunk;
    const trunkAddress = isIP(t.host) ? t.host : (await lookup(t.host)).address;
    const policy = new PeerPolicy({ trusted: [trunkAddress, ...settings.allowFrom] });
    const limits = { maxConcurrentCalls: t.maxConcurrentCalls, callsPerSecond: t.callsPerSecond, queueSeconds: t.queueSeconds };
    const limiter = new TrunkLimiter(limits, deps.clock);
    const ua = await UserAgentCore.start({
      address: settings.listenHost,
      port: settings.listenPort,
      clock: deps.clock,
      peerPolicy: policy,
      ...(settings.publicAddress ? { advertisedHost: settings.publicAddress } : {}),
    });
    let engine: MediaEngine;
    try {
      engine = await MediaEngine.start({
        address: settings.listenHost,
        portMin: settings.rtp.portMin,
        portMax: settings.rtp.portMax,
        ...(deps.mediaWorkers ? { workers: deps.mediaWorkers } : {}),
      });
    } catch (err) {
      await ua.close();
      limiter.close();
      throw err;
    }
    const sessionExpires = settings.sessionExpiresSeconds;
    const sessions = new SessionManager(ua, sessionExpires > 0 ? { sessionTimer: { sessionExpires, minSe: 90 } } : {});
    const destination = { transport: t.transport.toUpperCase(), host: trunkAddress, port: t.port };
    const keepalive =
      t.keepaliveSeconds > 0
        ? new OptionsKeepAlive(ua, { destination, uri: `sip:${trunkAddress}:${t.port}`, intervalMs: t.keepaliveSeconds * 1000 })
        : undefined;
    const sharedSlots =
      deps.sharedTrunk &&
      new SharedTrunkSlots({
        redis: deps.sharedTrunk.redis,
        trunkKey: `${t.transport}:${trunkAddress}:${t.port}`,
        limits,
        clock: deps.clock,
        ...(deps.sharedTrunk.holdMs !== undefined && { holdMs: deps.sharedTrunk.holdMs }),
      });
    return new SipCarrier(settings, ua, sessions, engine, limiter, sharedSlots, keepalive, trunkAddress, deps);
  }

  /** Where the UA listens (its port is the real one when the config asked for 0). */
  get sipPort(): number {
    return this.ua.port;
  }

  /** Throws CarrierCapacityError when the trunk's queue is full, CarrierUnavailableError once closed. */
  dial(request: DialRequest): SipCallLeg {
    if (this.closing) throw new CarrierUnavailableError('the SIP carrier is shut down');
    const local = this.limiter.tryEnter();
    if (!local) {
      const t = this.settings.trunk;
      throw new CarrierCapacityError(
        `the trunk is full: ${t.maxConcurrentCalls} concurrent calls at most, ${t.callsPerSecond} a second, queued up to ${t.queueSeconds} s`,
      );
    }
    const ticket = this.sharedSlots ? new SharedTrunkTicket(local, this.sharedSlots, request.sessionId, this.ctx.clock) : local;
    const leg = new SipCallLeg(request, this.ctx, this.trunk, ticket);
    this.lines.add(leg);
    return leg;
  }

  activeCalls(): number {
    return this.lines.size;
  }

  notReady(): string | undefined {
    if (this.closing) return 'the SIP carrier is shut down';
    if (this.engine.runningWorkers === 0) return 'no media worker is running';
    return undefined;
  }

  stats(): CarrierStats {
    const ua = this.ua.stats;
    return {
      sipRequestsReceivedTotal: ua.requests,
      sipResponsesReceivedTotal: ua.responses,
      sipMalformedTotal: ua.malformed,
      sipDroppedTotal: ua.dropped,
      rtpSessions: this.engine.sessionCount,
      rtpPacketsSentTotal: this.rtpTotals.packetsSent,
      rtpPacketsReceivedTotal: this.rtpTotals.packetsReceived,
      rtpPacketsLostTotal: this.rtpTotals.packetsLost,
    };
  }

  /** A BYE in the dialog an earlier process stored at answer (orphan-dialog.ts); bounded by `timeoutMs`, never rejects. */
  releaseOrphan(token: ReleaseToken, options: { timeoutMs: number }): Promise<OrphanRelease> {
    if (token.carrier !== this.name) return Promise.resolve({ released: false, detail: `not a sip dialog (${token.carrier})` });
    if (this.closing) return Promise.resolve({ released: false, detail: 'the SIP carrier is shut down' });
    return sendOrphanBye(this.ua, this.ctx.clock, token.state, options.timeoutMs);
  }

  /** BYE/CANCEL to every live call, waits (bounded) for the answers, then closes media, dialogs and sockets. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const line of [...this.lines]) line.hangup();
      this.keepalive?.close();
      this.limiter.close();
      this.sharedSlots?.close();
      if (this.pending.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<void>((r) => (timer = setTimeout(r, SHUTDOWN_SIGNALLING_MS)));
        await Promise.race([Promise.allSettled([...this.pending]), bound]);
        clearTimeout(timer);
      }
      this.sessions.close();
      await this.engine.close();
      await this.ua.close();
      this.detachTraces();
      await this.ctx.prompts.close();
    })();
    return this.closing;
  }

  /**
   * The peer policy let it in (trunk host at any port, allowFrom): offer it to the app. Caller is the
   * From user as presented; callee the Request-URI user read as a number (0086..., +86..., 86...).
   */
  private onInvite(invite: IncomingInvite): void {
    if (this.closing || this.listenerCount('incoming') === 0) {
      invite.reject(480);
      return;
    }
    const party = { caller: fromUser(invite.request.headers.get('From')), callee: requestUriUserToNumber(uriUser(invite.request.uri)) };
    const call = new SipIncomingCall(`in-${++this.inboundSeq}`, invite, party, this.ctx);
    this.lines.add(call);
    this.emit('incoming', call);
  }
}

function userOf(u: Uri): string {
  if (u.kind === 'sip') return u.user ?? '';
  if (u.kind === 'tel') return u.number;
  return '';
}

function uriUser(text: string): string {
  const u = parseUri(text);
  return u.ok ? userOf(u.value) : '';
}

function fromUser(from: string | undefined): string {
  const n = from === undefined ? undefined : parseNameAddr(from);
  return n?.ok ? userOf(n.value.uri) : '';
}
