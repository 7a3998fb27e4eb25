import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { issueAt, parseYamlSource, schemaIssues, type YamlSource } from '../../shared/yaml-source.ts';
import type { SourceIssue } from '../../shared/source-issue.ts';
import { worldConfigSchema, type WorldConfig } from './schema.ts';
import { ConfigError } from './config-error.ts';

export interface LoadedConfig {
  config: WorldConfig;
  /** Absolute path of the file, and its directory (flow paths are relative to it). */
  file: string;
  baseDir: string;
  /** Where each key was written, for errors found after schema validation. */
  source: YamlSource;
}

/** Reads, parses and validates a world config; throws ConfigError naming file, line, key and reason. */
export function loadConfigFile(path: string): LoadedConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file: path, path: '', message: `cannot read config file: ${(err as Error).message}` }]);
  }
  const { config, source } = parseConfigText(text, path);
  return { config, file, baseDir: dirname(file), source };
}

export function parseConfigText(text: string, fileLabel: string): { config: WorldConfig; source: YamlSource } {
  const parsed = parseYamlSource(text, fileLabel);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  const result = worldConfigSchema.safeParse(parsed.source.value ?? {});
  if (!result.success) throw new ConfigError(schemaIssues(parsed.source, result.error.issues));
  return { config: result.data, source: parsed.source };
}

/** An issue at a key path of a loaded config, for checks made after the schema (numbers, flows). */
export function configIssue(loaded: LoadedConfig, path: readonly (string | number)[], message: string): SourceIssue {
  return issueAt(loaded.source, path, message);
}
