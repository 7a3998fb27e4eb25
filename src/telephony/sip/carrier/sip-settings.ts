// `carrier.sip` of the world config (sip-config.ts) as the SIP carrier runs it, defaults applied.
import type { SipCarrierConfig } from '../sip-config.ts';
import type { SipCarrierSettings } from './sip-carrier.ts';

/** Splits `host:port` / `[v6]:port`; the port defaults to 5060. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(listen) ?? /^([^:]+)(?::(\d+))?$/.exec(listen);
  if (!m) throw new RangeError(`listen "${listen}" is not host:port`);
  return { host: m[1]!, port: m[2] === undefined ? 5060 : Number(m[2]) };
}

export function sipSettingsOf(c: SipCarrierConfig): SipCarrierSettings {
  const listen = parseListen('0.0.0.0:5060');
  return {
    listenHost: listen.host,
    listenPort: listen.port,
    trunk: {
      host: c.host,
      port: c.port,
      transport: c.transport,
      username: c.username,
      password: c.password,
      calleeFormat: 'e164',
      maxConcurrentCalls: 200,
      callsPerSecond: 20,
      queueSeconds: 5,
      keepaliveSeconds: 0,
    },
    allowFrom: [],
    rtp: { portMin: 20000, portMax: 29999 },
    rtpTimeoutSeconds: 30,
    sessionExpiresSeconds: 0,
  };
}
