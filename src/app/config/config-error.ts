import { SourceError, type SourceIssue } from '../../shared/source-issue.ts';

/** One problem found in a config file. */
export type ConfigIssue = SourceIssue;

/** Every problem of a config, so the user fixes them in one pass; the server never starts half-valid. */
export class ConfigError extends SourceError {
  constructor(issues: ConfigIssue[]) {
    super(issues);
    this.name = 'ConfigError';
  }
}
