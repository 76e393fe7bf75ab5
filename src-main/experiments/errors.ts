/**
 * An error in the user's experiment input (file, field, line, token): shown as one line, exit 1.
 *
 * Thrown before anything is written, so a bad input leaves the database as it was.
 */
export class ExperimentInputError extends Error {
  constructor(
    message: string,
    readonly code: string = 'EXPERIMENT_INPUT',
  ) {
    super(message);
    this.name = 'ExperimentInputError';
  }
}
