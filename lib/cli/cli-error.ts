/**
 * An error the CLI reports as one line on stderr with an exit status, never a stack trace.
 *
 * @module
 */

/** A user-facing CLI failure. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
