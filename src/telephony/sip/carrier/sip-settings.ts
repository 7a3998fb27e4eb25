// `carrier.sip` of the world config (sip-config.ts) as the SIP carrier runs it, defaults applied.
import type { SipCarrierConfig } from '../sip-config.ts';
import type { SipCarrierSettings } from './sip-carrier.ts';

/** Splits `host:port` / `[v6]:port`; the port defaults to 5060. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(listen) ?? /^([^:]+)(?::(\d+))?$/.exec(listen);
  if (!m) throw new RangeError(`listen "${listen}" is not host:port`);
  return { host: m[1]!, port: m[2] === undefined ? 5060 : Number(m[2]) };
}

export function sipSettingsOf(config: SipCarrierConfig): SipCarrierSettings {
  const c = config;
  const listen = parseListen(c.listen);
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
      calleeFormat: c.calleeFormat,
      pAssertedIdentity: c.pAssertedIdentity,
      endStatus: c.endStatus,
      maxConcurrentCalls: c.maxConcurrentCalls,
      callsPerSecond: c.callsPerSecond,
      queueSeconds: c.queueSeconds,
      keepaliveSeconds: c.keepaliveSeconds,
      followRedirects: c.followRedirects,
    },
    allowFrom: c.allowFrom ?? [],
    rtp: c.rtp,
    rtpTimeoutSeconds: c.rtpTimeoutSeconds,
    sessionExpiresSeconds: c.sessionExpiresSeconds,
  };
}
