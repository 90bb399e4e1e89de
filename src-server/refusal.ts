/**
 * Something the server refuses, with the reason as data: `problem` is what
 * the server's code switches on and, for the refusals a client sees, the
 * error code it sends (shared/sync-protocol/refusals.ts); the message is
 * English, for logs and the error body. Subclasses only fix the reasons.
 */
export class Refusal<Problem extends string> extends Error {
  readonly problem: Problem;

  constructor(problem: Problem, message: string) {
    super(message);
    // The subclass's own name (AccessError, …), as logs and stack traces show it.
    this.name = new.target.name;
    this.problem = problem;
  }
}
