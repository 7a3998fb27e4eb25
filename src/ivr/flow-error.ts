/** One problem found in a flow file, located by key path and line. */
export interface FlowIssue {
  /** Dotted key path in the file, e.g. "nodes.menu.options.1.next"; "" for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export function formatIssue(file: string, issue: FlowIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Raised by the loader; the message has one `file:line: path: reason` line per issue. */
export class FlowError extends Error {
  constructor(
    readonly file: string,
    readonly issues: FlowIssue[],
  ) {
    super(issues.map((i) => formatIssue(file, i)).join('\n'));
    this.name = 'FlowError';
  }
}
