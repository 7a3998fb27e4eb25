/** A command's failure with its exit code: 1 runtime failure, 2 bad usage or invalid input. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
