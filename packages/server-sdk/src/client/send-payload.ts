import { InvalidArgumentError } from '@wxtpl/shared-types';

/**
 * The shape every send payload must have before it is sent: an object, the named string fields
 * non-empty, and a `data` object (`dataShape` describes it in the error).
 */
export function checkSendPayload(
  payload: unknown,
  fields: readonly string[],
  dataShape: string,
): void {
  if (typeof payload !== 'object' || payload === null) {
    throw new InvalidArgumentError('send needs the payload object of the send endpoint', 'payload');
  }
  const record = payload as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgumentError(
        `payload.${field} must be a non-empty string`,
        `payload.${field}`,
      );
    }
  }
  if (typeof record.data !== 'object' || record.data === null) {
    throw new InvalidArgumentError(
      `payload.data must be an object of ${dataShape}`,
      'payload.data',
    );
  }
}
