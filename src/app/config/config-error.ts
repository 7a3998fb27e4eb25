/** One problem found in a config (or flow) file, located as precisely as the source allows. */
export interface ConfigIssue {
  file: string;
  line?: number;
  /** Dotted key path, e.g. apps.0.numbers.1.number */
  path: string;
  message: string;
}

/** Every problem of a config, so the user fixes them in one pass; the server never starts half-valid. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return i.path ? `${where}: ${i.path}: ${i.message}` : `${where}: ${i.message}`;
}
