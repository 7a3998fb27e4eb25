import { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { checkRulesOfWorld } from '../../app/use-cases/check-rules-of-world.ts';
import type { RuleCheckReport } from '../../app/use-cases/check-outbound-rules.ts';
import { ApiError } from '../../shared/errors.ts';
import { CliError } from '../cli-error.ts';

export function rulesCommand(): Command {
  const rules = new Command('rules').description('Outbound compliance rules.');
  rules
    .command('check')
    .description(
      "Dry run: every outbound rule's verdict, in evaluation order, for a hypothetical CreateIVRSession. Places no call and counts nothing.",
    )
    .requiredOption('-c, --config <file>', 'world config YAML')
    .requiredOption('--app <id>', 'SdkAppId')
    .requiredOption('--callee <number>', 'the number to call (E.164, 00-prefixed or national)')
    .option('--caller <number>', "our number to call from (default: the app's first usable call-out number)")
    .option('--at <time>', 'when: ISO 8601 with an offset (2026-05-10T07:30+08:00) or Unix seconds (default: now)')
    .option('-d, --data-dir <dir>', 'directory of the default SQLite database (overrides server.dataDir)')
    .option('--json', 'print the report as JSON')
    .action(
      async (opts: { config: string; app: string; callee: string; caller?: string; at?: string; dataDir?: string; json?: boolean }) => {
        const sdkAppId = Number(opts.app);
        if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) throw new CliError(`--app ${opts.app}: expected an SdkAppId`, 2);
        const atMs = opts.at === undefined ? undefined : instant(opts.at);
        let report: RuleCheckReport;
        try {
          report = await checkRulesOfWorld(
            loadConfigFile(opts.config),
            sdkAppId,
            { callee: opts.callee, ...(opts.caller !== undefined && { caller: opts.caller }), ...(atMs !== undefined && { atMs }) },
            opts.dataDir,
          );
        } catch (err) {
          if (err instanceof ApiError) throw new CliError(`${err.code}: ${err.message}`, 2);
          throw err;
        }
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
      },
    );
  return rules;
}

function instant(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms) || (!/^\d+$/.test(text) && !/(Z|[+-]\d\d:?\d\d)$/i.test(text))) {
    throw new CliError(`--at ${text}: expected ISO 8601 with an offset (2026-05-10T07:30+08:00) or Unix seconds`, 2);
  }
  return ms;
}

function render(r: RuleCheckReport): string {
  const lines = [
    `callee ${r.calleeE164}${r.calleeArea ? ` (${r.calleeArea.subdivision} ${r.calleeArea.cities.join('/')})` : ''}, caller ${r.caller}, at ${new Date(r.atMs).toISOString()}`,
  ];
  if (r.checks.length === 0) lines.push('  no outbound rules: admitted');
  r.checks.forEach((c, i) => {
    const counts = c.counts.length ? ` [counts ${c.counts.join(', ')}]` : '';
    lines.push(
      c.verdict.ok
        ? `  ${i + 1}. ${c.rule}: pass${counts}`
        : `  ${i + 1}. ${c.rule}: REFUSE ${c.verdict.code} (EndStatus ${c.verdict.endStatus})${counts}\n     ${c.verdict.message}`,
    );
  });
  const first = r.checks.find((c) => !c.verdict.ok);
  lines.push(r.admitted ? 'verdict: admitted' : `verdict: refused by ${first?.rule} (the first refusal wins)`);
  return `${lines.join('\n')}\n`;
}
