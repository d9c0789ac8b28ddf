/** A principal already has as many tasks as it may, or the server does in all. */
export class TaskLimitError extends Error {
  override name = 'TaskLimitError';
  constructor(
    readonly max: number,
    scope: 'principal' | 'server',
  ) {
    super(`too many tasks: at most ${max} per ${scope}`);
  }
}

/** A task's result is larger than a stored result may be. */
export class TaskResultTooLargeError extends Error {
  override name = 'TaskResultTooLargeError';
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`the task's result is ${bytes} bytes, past the bound of ${maxBytes}`);
  }
}

/** A `tasks/list` cursor that no page gave. */
export class InvalidTaskCursorError extends Error {
  override name = 'InvalidTaskCursorError';
  constructor() {
    super('invalid cursor');
  }
}
