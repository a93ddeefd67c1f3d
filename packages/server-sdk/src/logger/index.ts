/** One logging method, pino style: a structured object first, then an optional message. */
export type LogMethod = (obj: Record<string, unknown>, msg?: string) => void;

/**
 * The logger the SDK writes to: pino, or anything with the same four methods. Nothing secret is
 * ever passed to it (no appSecret, access_token or session_key).
 */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

const noop: LogMethod = () => {};

/** The default logger: says nothing. */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

const SECRET_QUERY = /([?&](?:access_token|secret|js_code|session_key)=)[^&#\s"']*/gi;

/**
 * Replaces the values of secret query parameters (`access_token`, `secret`, `js_code`,
 * `session_key`) in a URL or any text with `[REDACTED]`.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_QUERY, '$1[REDACTED]');
}

/** Replaces every occurrence of the given secret values (tokens, the appSecret) in `text`. */
export function redactValues(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && out.includes(secret)) {
      out = out.split(secret).join('[REDACTED]');
    }
  }
  return out;
}
