import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SECRET_ID = 'AKIDcontractTest000000000000001';
export const SECRET_KEY = 'contractTestSecretKey00000000001';
/** A credential that exists but is not allowed on the main app. */
export const OTHER_ID = 'AKIDcontractTest000000000000002';
export const OTHER_KEY = 'contractTestSecretKey00000000002';

export const APP = 1400000000;
export const BASIC_APP = 1400000001;
export const EXPIRED_APP = 1400000002;
export const NO_NUMBERS_APP = 1400000003;
export const IVR = 4500;
export const SURVEY_IVR = 4600;
export const CALLERS = ['008610000000001', '008610000000002'];
export const BLACKLISTED = '008613666666666';

const flow = resolve(import.meta.dirname, '../../fixtures/flows/quick-menu.yaml');

export interface WorldOptions {
  limits?: string;
  storage?: string;
  /** More top-level YAML (e.g. redis). */
  extraYaml?: string;
  /** The sim carrier's capacity (50 by default). */
  maxConcurrentCalls?: number;
  /** YAML for the main app's outboundRules, indented under the app. */
  outboundRules?: string;
  /**
   * Inbound calls: the main app gets INBOUND_NUMBER (routed to INBOUND_IVR, of type inbound, not a
   * caller ID) and the sim carrier scripts these calls (YAML flow sequence for carrier.sim.inbound).
   */
  inbound?: string;
  /** The flow file of the main app's IVR (IVR); quick-menu.yaml by default. */
  flow?: string;
  /** The main app's IVR (IVR) records its calls (`record: true`). */
  recordIvr?: boolean;
  /** More YAML keys of the main app (e.g. webhooks, dataPush), indented under it. */
  appYaml?: string;
}

export const INBOUND_IVR = 4700;
/** Our number that takes inbound calls, as the config writes it. */
export const INBOUND_NUMBER = '008610000000077';

/** The world every contract test runs against. */
export function writeTestWorld(opts: WorldOptions = {}): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-contract-'));
  const file = join(dir, 'world.yaml');
  writeFileSync(
    file,
    `
server: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
credentials:
  - { secretId: ${SECRET_ID}, secretKey: ${SECRET_KEY} }
  - { secretId: ${OTHER_ID}, secretKey: ${OTHER_KEY} }
apps:
  - sdkAppId: ${APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [${SECRET_ID}]
    numbers:
      - { number: "${CALLERS[0]}" }
      - { number: "${CALLERS[1]}" }
      - { number: "008610000000009", state: arrears }
${opts.inbound ? `      - { number: "${INBOUND_NUMBER}", callout: false, inboundIvrId: ${INBOUND_IVR} }` : ''}
    ivrs:
      - { id: ${IVR}, name: Quick, type: autoOutbound, flow: ${JSON.stringify(opts.flow ?? flow)}${opts.recordIvr ? ', record: true' : ''} }
      - { id: ${SURVEY_IVR}, name: Survey, type: satisfaction, flow: ${JSON.stringify(flow)} }
      - { id: ${INBOUND_IVR}, name: Inbound, type: inbound, flow: ${JSON.stringify(flow)} }
    blacklist: ["${BLACKLISTED}"]
${opts.outboundRules ? `    outboundRules:\n${opts.outboundRules.replace(/^/gm, '      ')}` : ''}
${opts.appYaml ? opts.appYaml.replace(/^/gm, '    ') : ''}
  - sdkAppId: ${BASIC_APP}
    edition: standard
    packageExpiresAt: "2099-01-01"
    credentials: [${SECRET_ID}, ${OTHER_ID}]
    numbers: [{ number: "008610000000001" }]
    ivrs: [{ id: ${IVR}, name: Quick, type: autoOutbound, flow: ${JSON.stringify(flow)} }]
  - sdkAppId: ${EXPIRED_APP}
    edition: advanced
    packageExpiresAt: "2020-01-01"
    credentials: [${SECRET_ID}]
    numbers: [{ number: "008610000000001" }]
    ivrs: [{ id: ${IVR}, name: Quick, type: autoOutbound, flow: ${JSON.stringify(flow)} }]
  - sdkAppId: ${NO_NUMBERS_APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [${SECRET_ID}]
    numbers: [{ number: "008610000000001", state: arrears }]
    ivrs: [{ id: ${IVR}, name: Quick, type: autoOutbound, flow: ${JSON.stringify(flow)} }]
${opts.limits ?? 'limits: { default: 1000 }'}
${opts.storage ?? ''}
${opts.extraYaml ?? ''}
carrier:
  kind: sim
  sim:
    maxConcurrentCalls: ${opts.maxConcurrentCalls ?? 50}
    defaultOutcome: { kind: answer, ringSeconds: 0, digits: "1", hangupAfterSeconds: 60 }
    outcomes:
      - { match: "+8613900000001", outcome: { kind: busy } }
      - { match: "+8613900000002", outcome: { kind: noAnswer } }
      - { match: "+8613900000003", outcome: { kind: powerOff } }
      - { match: "+8613900000005", outcome: { kind: reject, ringSeconds: 0 } }
      - { match: "+8613900000009", outcome: { kind: answer, ringSeconds: 30 } }
${opts.inbound ? `    inbound: ${opts.inbound}` : ''}
`,
  );
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
