import { resolve } from 'node:path';
import type { LoadedConfig } from './config/load.ts';
import type { AppConfig, IvrConfig, WorldConfig } from './config/schema.ts';
import { ConfigError, type ConfigIssue } from './config/config-error.ts';
import { parseDialable } from '../domain/phone-number.ts';
import { buildRules } from '../domain/rules/pipeline.ts';
import type { OutboundRule } from '../domain/rules/rule.ts';
import { loadFlowFile, type FlowDefinition } from '../ivr/loader.ts';

/** A number of an app, normalized once at load. */
export interface AppNumber {
  /** As written in the config, returned by DescribeNumbers. */
  number: string;
  e164: string;
  callout: boolean;
  state: 'normal' | 'arrears' | 'adminDisabled' | 'violation';
  selfOwned: boolean;
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
}

/** Derives the runtime world; every number and flow is checked, all problems reported at once. */
export function buildWorld(loaded: LoadedConfig): World {
  const { config, baseDir } = loaded;
  const issues: ConfigIssue[] = [];
  const at = (path: (string | number)[], message: string) =>
    issues.push({ file: loaded.file, line: loaded.lineOf(path), path: path.join('.'), message });

  const credentials = new Map<string, Credential>();
  for (const c of config.credentials)
    credentials.set(c.secretId, { secretId: c.secretId, secretKey: c.secretKey, account: c.account ?? c.secretId });

  const apps = new Map<number, App>();
  config.apps.forEach((app, i) => {
    const numbers: AppNumber[] = [];
    app.numbers.forEach((n, j) => {
      const parsed = parseDialable(n.number);
      if (!parsed)
        return at(['apps', i, 'numbers', j, 'number'], `"${n.number}" is not a dialable phone number (use E.164 like +8610... or 0086...)`);
      numbers.push({ number: n.number, e164: parsed.e164, callout: n.callout, state: n.state, selfOwned: n.selfOwned });
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
  if (issues.length > 0) throw new ConfigError(issues);
  return { config, credentials, apps };
}

/** A bare date means the package is valid through the end of that day (UTC). */
function packageExpiry(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value);
}
