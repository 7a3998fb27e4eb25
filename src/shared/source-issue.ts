/** One problem found in a source file (world config, IVR flow), located as precisely as the source allows. */
export interface SourceIssue {
  file: string;
  line?: number;
  /** Dotted key path, e.g. apps.0.numbers.1.number; "" for the whole file. */
  path: string;
  message: string;
}

/** `file:line: key.path: reason`, the form every openccc command prints. */
export function formatIssue(i: SourceIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return i.path ? `${where}: ${i.path}: ${i.message}` : `${where}: ${i.message}`;
}

/** Every problem of a source file at once, so the user fixes them in one pass. */
export class SourceError extends Error {
  constructor(readonly issues: SourceIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SourceError';
  }
}
