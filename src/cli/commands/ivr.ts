import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { formatIssue } from '../../shared/source-issue.ts';
import { FlowError, type FlowDefinition } from '../../ivr/loader.ts';
import { loadFlowFile } from '../../app/flows/load-flow-file.ts';
import { simulate, simulationInputProblem, type SimulateOptions, type SimulationResult } from '../../ivr/simulate.ts';
import { defaultTtsCacheDir, openSimulationSpeech, simulateWithSpeech } from '../../app/flows/simulate-with-speech.ts';
import { CalleeAudioError, writeCalleeWav } from '../../app/flows/callee-wav.ts';

/** Where the commands write; tests capture it. */
export interface IvrCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: IvrCommandIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

interface SimulateFlags {
  digits?: string;
  var?: string[];
  uui?: string;
  caller?: string;
  callee?: string;
  at?: string;
  json?: boolean;
  wav?: string;
  ttsCache?: string;
}

export function ivrCommand(io: IvrCommandIo = processIo): Command {
  const ivr = new Command('ivr')
    .description('Check and try IVR flow files offline (the flow language is in docs/ivr.md).')
    .addHelpText(
      'after',
      '\nExamples:\n  openccc ivr validate examples/demo/flows/4500.yaml\n  openccc ivr simulate examples/demo/flows/4500.yaml --digits 1',
    );

  ivr
    .command('validate')
    .description('Check a flow file: schema, node targets, loops, unreachable nodes, audio files.')
    .argument('<file>', 'flow file (YAML)')
    .addHelpText(
      'after',
      '\nExamples:\n  openccc ivr validate examples/demo/flows/4500.yaml\n\nPrints file:line: key: reason for each problem. Exit 0 valid (warnings allowed), 2 invalid.',
    )
    .action((file: string) => {
      const flow = load(file);
      for (const w of flow.warnings) io.err(`${formatIssue({ ...w, message: `warning: ${w.message}` })}\n`);
      const count = Object.keys(flow.nodes).length;
      io.out(
        `${file}: ok, "${flow.name}", ${count} node${count === 1 ? '' : 's'}, ${flow.warnings.length} warning${flow.warnings.length === 1 ? '' : 's'}\n`,
      );
    });

  ivr
    .command('simulate')
    .description('Run a flow in virtual time with a scripted caller and print what happens on the line.')
    .argument('<file>', 'flow file (YAML)')
    .option('-d, --digits <keys>', 'keys the caller presses, in order (0-9, *, #)')
    .option(
      '--var <key=value>',
      'a request variable, as CreateIVRSession Variables (repeatable)',
      (v: string, all: string[] | undefined) => [...(all ?? []), v],
    )
    .option('--uui <text>', 'user data, as CreateIVRSession UUI')
    .option('--caller <number>', 'SystemCallerNumber (default 008610000000001)')
    .option('--callee <number>', 'SystemCalleeNumber (default 008612300000000)')
    .option(
      '--at <seconds>',
      'when each key is pressed, seconds after answer, comma-separated (default: each key 0.3 s after the flow starts listening)',
    )
    .option('--json', 'print the result as JSON')
    .option('--wav <file>', 'write what the callee hears to this WAV file (8 kHz mono 16-bit PCM); text prompts need the TTS plug-in')
    .option('--tts-cache <dir>', 'where synthesized prompts are kept (default $XDG_CACHE_HOME/openccc/tts, else ~/.cache/openccc/tts)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  openccc ivr simulate examples/demo/flows/4500.yaml --digits 1',
        '  openccc ivr simulate examples/demo/flows/4500.yaml --digits 20412# --var parcel=SF1234',
        '  openccc ivr simulate examples/flows/survey.yaml --digits 11 --at 9,14 --json',
        '  openccc ivr simulate examples/demo/flows/4500.yaml --digits 1 --wav callee.wav',
        '',
        'Text prompts take their synthesized length when the TTS plug-in (@openccc/tts-espeak) is installed,',
        'else an estimate (about 70 ms per character; OPENCCC_TTS=off forces it). WAV files take their real length.',
        'Exit 0 when the flow ran to its end, 1 when it did not end, 2 for an invalid flow or bad options.',
      ].join('\n'),
    )
    .action(async (file: string, flags: SimulateFlags) => {
      const flow = load(file);
      const options = simulateOptions(flags);
      const { result, tts } = await runSimulation(flow, options, flags, io);
      try {
        if (flags.wav !== undefined) {
          const wav = await writeCalleeWav(flags.wav, result, tts).catch((e: unknown) => {
            if (e instanceof CalleeAudioError) throw new CliError(`--wav: ${e.message}`, 2);
            throw e;
          });
          io.err(`wrote ${wav.path}: ${(wav.durationMs / 1000).toFixed(3)} s of what the callee hears\n`);
        }
      } finally {
        await tts?.close();
      }
      io.out(flags.json ? `${JSON.stringify(result, null, 2)}\n` : describe(flow, file, options.digits ?? '', result));
      if (!result.finished) throw new CliError(`flow ${file} did not end within the simulation`, 1);
    });

  return ivr;
}

/**
 * Simulates with text prompts timed by TTS when the plug-in is there, else by the estimate (said
 * once on stderr). Returns the engine still open when the WAV needs it; the caller closes it.
 */
async function runSimulation(flow: FlowDefinition, options: SimulateOptions, flags: SimulateFlags, io: IvrCommandIo) {
  const speech = openSimulationSpeech(flags.ttsCache ?? defaultTtsCacheDir());
  if ('unavailable' in speech) {
    io.err(`note: ${speech.unavailable}\nnote: text prompts take the estimate (about 70 ms a character)\n`);
    const result = simulate(flow, options);
    if (flags.wav !== undefined && result.played.some((p) => p.prompt.kind === 'text'))
      throw new CliError(`--wav needs text-to-speech for the flow's text prompts: ${speech.unavailable}`, 2);
    return { result, tts: undefined };
  }
  const started = Date.now();
  let shown = started;
  try {
    const { result, failures } = await simulateWithSpeech(flow, options, speech.durations, (done, total) => {
      const now = Date.now();
      if (now - shown < 1000 && !(done === total && shown !== started)) return;
      shown = now;
      io.err(`synthesizing text prompts: ${done}/${total}\n`);
    });
    for (const f of failures) io.err(`note: "${f.text}" could not be synthesized (${f.reason}); it takes the estimate\n`);
    if (flags.wav !== undefined && failures.length > 0)
      throw new CliError(`--wav: ${failures.length} text prompt(s) could not be synthesized`, 2);
    return { result, tts: flags.wav !== undefined ? speech.tts : (await speech.tts.close(), undefined) };
  } catch (e) {
    await speech.tts.close();
    throw e;
  }
}

function load(file: string): FlowDefinition {
  try {
    return loadFlowFile(file);
  } catch (err) {
    if (err instanceof FlowError) throw new CliError(`invalid flow\n${err.message}`, 2);
    throw err;
  }
}

function simulateOptions(flags: SimulateFlags): SimulateOptions {
  const variables: Record<string, string> = {};
  for (const entry of flags.var ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new CliError(`--var "${entry}" must be key=value`, 2);
    variables[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const options: SimulateOptions = {
    digits: flags.digits ?? '',
    variables,
    uui: flags.uui ?? '',
    ...(flags.caller !== undefined && { callerNumber: flags.caller }),
    ...(flags.callee !== undefined && { calleeNumber: flags.callee }),
  };
  if (flags.at !== undefined) {
    const parts = flags.at.split(',').map((s) => s.trim());
    if (parts.some((s) => !/^\d+(\.\d+)?$/.test(s))) throw new CliError(`--at "${flags.at}" must be seconds like 3,4.5`, 2);
    options.digitTimesMs = parts.map((s) => Math.round(Number(s) * 1000));
  }
  const problem = simulationInputProblem(options);
  if (problem) throw new CliError(problem, 2);
  return options;
}

function describe(flow: FlowDefinition, file: string, digits: string, r: SimulationResult): string {
  const lines = [`Simulating "${flow.name}" (${file}) with keys "${digits}"`];
  for (const t of r.transcript) lines.push(`${(t.atMs / 1000).toFixed(3).padStart(9)}s  ${t.what}`);
  const keys = r.keyPresses.map(
    (k) => `${k.key}${k.label !== undefined ? ` (${k.label})` : ''}${k.nodeLabel !== undefined ? ` @ ${k.nodeLabel}` : ''}`,
  );
  lines.push(`keys recorded: ${keys.length > 0 ? keys.join(', ') : 'none'}`);
  lines.push(
    `variables: ${Object.entries(r.variables)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ')}`,
  );
  if (r.unusedDigits) lines.push(`keys never heard: ${r.unusedDigits}`);
  return `${lines.join('\n')}\n`;
}
