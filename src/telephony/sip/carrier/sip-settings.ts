// `carrier.sip` of the world config (sip-config.ts) as the SIP carrier runs it, defaults applied.
import type { EndStatusOverrides } from './end-status-map.ts';
import type { CalleeFormat } from './callee-format.ts';
import type { SipCarrierConfig } from '../sip-config.ts';
import type { SipCarrierSettings } from './sip-carrier.ts';

/** The keys of issue 14's configuration contract; each optional here, the schema (sip-config.ts) owns validation and defaults. */
interface ContractKeys {
  listen?: string;
  publicAddress?: string;
  calleeFormat?: CalleeFormat;
  maxConcurrentCalls?: number;
  callsPerSecond?: number;
  queueSeconds?: number;
  keepaliveSeconds?: number;
  rtp?: { portMin: number; portMax: number };
  allowFrom?: readonly string[];
  pAssertedIdentity?: boolean;
  endStatus?: EndStatusOverrides;
  rtpTimeoutSeconds?: number;
  sessionExpiresSeconds?: number;
}

/** Splits `host:port` / `[v6]:port`; the port defaults to 5060. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(listen) ?? /^([^:]+)(?::(\d+))?$/.exec(listen);
  if (!m) throw new RangeError(`listen "${listen}" is not host:port`);
  return { host: m[1]!, port: m[2] === undefined ? 5060 : Number(m[2]) };
}

export function sipSettingsOf(config: SipCarrierConfig): SipCarrierSettings {
  const c = config as SipCarrierConfig & ContractKeys;
  const listen = parseListen(c.listen ?? '0.0.0.0:5060');
  return {
    listenHost: listen.host,
    listenPort: listen.port,
    publicAddress: c.publicAddress,
    trunk: {
      host: c.host,
      port: c.port,
      transport: c.transport,
      username: c.username,
      password: c.password,
      calleeFormat: c.calleeFormat ?? 'e164',
      pAssertedIdentity: c.pAssertedIdentity,
      endStatus: c.endStatus,
      maxConcurrentCalls: c.maxConcurrentCalls ?? 200,
      callsPerSecond: c.callsPerSecond ?? 20,
      queueSeconds: c.queueSeconds ?? 5,
      keepaliveSeconds: c.keepaliveSeconds ?? 0,
    },
    allowFrom: c.allowFrom ?? [],
    rtp: c.rtp ?? { portMin: 20000, portMax: 29999 },
    rtpTimeoutSeconds: c.rtpTimeoutSeconds ?? 30,
    sessionExpiresSeconds: c.sessionExpiresSeconds ?? 0,
  };
}
