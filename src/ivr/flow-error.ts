import { SourceError, type SourceIssue } from '../shared/source-issue.ts';

/** One problem found in a flow file, located by key path and line. */
export type FlowIssue = SourceIssue;

/** Raised by the loader; the message has one `file:line: path: reason` line per issue. */
export class FlowError extends SourceError {
  constructor(
    readonly file: string,
    issues: FlowIssue[],
  ) {
    super(issues);
    this.name = 'FlowError';
  }
}
