/**
 * A problem with the user's input or usage: printed as one line naming the file and what to do, exit code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The file (or flag) the problem is in. */
    readonly subject: string,
    /** What is wrong and what to do, without the subject. */
    readonly detail: string,
  ) {
    super(`${subject}: ${detail}`);
  }
}
