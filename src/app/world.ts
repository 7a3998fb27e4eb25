import { resolve } from 'node:path';
import { configIssue, type LoadedConfig } from './config/load.ts';
import type { AppConfig, IvrConfig, WorldConfig } from './config/schema.ts';
import { ConfigError, type ConfigIssue } from './config/config-error.ts';
import { parseDialable } from '../domain/phone-number.ts';
import { buildRules } from '../domain/rules/pipeline.ts';
import type { OutboundRule } from '../domain/rules/rule.ts';
import type { FlowDefinition } from '../ivr/loader.ts';
import { loadFlowFile } from './flows/load-flow-file.ts';

/** A number of an app, normalized once at load. */
export interface AppNumber {
  /** As written in the config, returned by DescribeNumbers. */
  number: string;
  e164: string;
  callout: boolean;
  state: 'normal' | 'arrears' | 'adminDisabled' | 'violation';
  selfOwned: boolean;
}

/** Where an inbound call to one of our numbers goes. */
export interface InboundRoute {
  app: App;
  number: AppNumber;
  ivr: AppIvr;
}

export interface AppIvr {
  config: IvrConfig;
  flow: FlowDefinition;
}

/** An app as the use cases see it: config plus everything derived from it at load. */
export interface App {
  config: AppConfig;
  sdkAppId: number;
  packageExpiresAtMs: number;
  numbers: AppNumber[];
  ivrs: Map<number, AppIvr>;
  rules: OutboundRule[];
  allowedSecretIds: Set<string>;
}

export interface Credential {
  secretId: string;
  secretKey: string;
  account: string;
}

/** The loaded, validated world: read-only at runtime. */
export interface World {
  config: WorldConfig;
  credentials: Map<string, Credential>;
  apps: Map<number, App>;
  /** Inbound routes by the number's E.164. */
  inbound: Map<string, InboundRoute>;
}

/** Derives the runtime world; every number and flow is checked, all problems reported at once. */
export function buildWorld(loaded: LoadedConfig): World {
  const { config, baseDir } = loaded;
  const issues: ConfigIssue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push(configIssue(loaded, path, message));

  const credentials = new Map<string, Credential>();
  for (const c of config.credentials)
    credentials.set(c.secretId, { secretId: c.secretId, secretKey: c.secretKey, account: c.account ?? c.secretId });

  const apps = new Map<number, App>();
  const inbound = new Map<string, InboundRoute>();
  const routed: { i: number; j: number; number: AppNumber; ivrId: number }[] = [];
  config.apps.forEach((app, i) => {
    const numbers: AppNumber[] = [];
    app.numbers.forEach((n, j) => {
      const parsed = parseDialable(n.number);
      if (!parsed)
        return at(['apps', i, 'numbers', j, 'number'], `"${n.number}" is not a dialable phone number (use E.164 like +8610... or 0086...)`);
      const number: AppNumber = { number: n.number, e164: parsed.e164, callout: n.callout, state: n.state, selfOwned: n.selfOwned };
      numbers.push(number);
      if (n.inboundIvrId !== undefined) routed.push({ i, j, number, ivrId: n.inboundIvrId });
    });
    app.blacklist.forEach((b, j) => {
      if (!parseDialable(b)) at(['apps', i, 'blacklist', j], `"${b}" is not a phone number`);
    });
    const ivrs = new Map<number, AppIvr>();
    app.ivrs.forEach((ivr, j) => {
      try {
        ivrs.set(ivr.id, { config: ivr, flow: loadFlowFile(resolve(baseDir, ivr.flow)) });
      } catch (err) {
        at(['apps', i, 'ivrs', j, 'flow'], `flow "${ivr.flow}" is invalid:\n  ${(err as Error).message.split('\n').join('\n  ')}`);
      }
    });
    apps.set(app.sdkAppId, {
      config: app,
      sdkAppId: app.sdkAppId,
      packageExpiresAtMs: packageExpiry(app.packageExpiresAt),
      numbers,
      ivrs,
      rules: buildRules(app.outboundRules, app.blacklist),
      allowedSecretIds: new Set(app.credentials),
    });
  });
  for (const r of routed) {
    const app = apps.get(config.apps[r.i]!.sdkAppId)!;
    const ivr = app.ivrs.get(r.ivrId);
    const at_ = ['apps', r.i, 'numbers', r.j, 'inboundIvrId'];
    if (!ivr) {
      if (!config.apps[r.i]!.ivrs.some((v) => v.id === r.ivrId)) at(at_, `IVR ${r.ivrId} does not exist in app ${app.sdkAppId}`);
      continue;
    }
    if (ivr.config.type !== 'inbound')
      at(at_, `IVR ${r.ivrId} is of type ${ivr.config.type}; an inbound number needs an IVR of type inbound`);
    else if (inbound.has(r.number.e164)) at(at_, `number ${r.number.number} already routes inbound calls elsewhere`);
    else inbound.set(r.number.e164, { app, number: r.number, ivr });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { config, credentials, apps, inbound };
}

/** A bare date means the package is valid through the end of that day (UTC). */
function packageExpiry(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value);
}
