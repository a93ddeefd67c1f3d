/**
 * Base of every error a wxtpl package throws on purpose, on the server and in the mini-program.
 * `code` is stable across versions (branch on it, or on the subclass); `message` is for people.
 */
export class WxtplError extends Error {
  override name = 'WxtplError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * An option or argument was refused before anything happened; `path` names it as the caller wrote
 * it (`retry.retries`, `items[3].createdAt`, `--count`).
 */
export class InvalidArgumentError extends WxtplError {
  override name = 'InvalidArgumentError';
  readonly path: string;

  constructor(message: string, path: string) {
    super('INVALID_ARGUMENT', message);
    this.path = path;
  }
}

/** Thrown for a definition or data that WeChat would refuse; `code` is `TEMPLATE_DATA`. */
export class TemplateDataError extends WxtplError {
  override name = 'TemplateDataError';
  constructor(
    message: string,
    /** Path of the offending value, e.g. `data.place.color`. */
    readonly path: string,
  ) {
    super('TEMPLATE_DATA', message);
  }
}
