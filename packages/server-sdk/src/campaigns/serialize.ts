/** JSON that keeps `Date`s (time and date keywords take them), for data stored with a campaign. */
const DATE = '$wxtplDate';

export function stringifyData(data: unknown): string {
  return JSON.stringify(data, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? { [DATE]: original.getTime() } : value;
  });
}

export function parseData(text: string): unknown {
  return JSON.parse(text, (_key, value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof value[DATE] === 'number'
      ? new Date(value[DATE])
      : value,
  );
}
