import type { Clock } from '../shared/clock.ts';
import type { Carrier } from './carrier.ts';
import { SimCarrier, type SimCarrierOptions } from './sim/sim-carrier.ts';
import { simCarrierConfigSchema, type SimCarrierConfig } from './sim/sim-config.ts';
import type { SipCarrierConfig } from './sip/sip-config.ts';

export interface CarrierConfig {
  kind: 'sim' | 'sip';
  sim?: SimCarrierConfig | undefined;
  sip?: SipCarrierConfig | undefined;
}

/** The configured carrier cannot run in this build; `reason` says why, for the user. */
export class UnsupportedCarrierError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedCarrierError';
  }
}

/** Opens the carrier a world selects, as storage/open-storage.ts opens its database. */
export function openCarrier(config: CarrierConfig, clock: Clock, sim: SimCarrierOptions = {}): Carrier {
  if (config.kind === 'sip') {
    throw new UnsupportedCarrierError('the SIP carrier is not part of this version of openccc yet; use the simulated carrier (sim)');
  }
  return new SimCarrier(config.sim ?? simCarrierConfigSchema.parse({}), clock, sim);
}
