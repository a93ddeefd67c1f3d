import type { ValidationIssue } from '@wxtpl/shared-types';

/** A JSON response with no caching (bodies name users' credits). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** A refusal: JSON `{ error, message, issues? }` with a machine-readable code. */
export function errorResponse(
  status: number,
  error: string,
  message: string,
  extra: { issues?: ValidationIssue[]; headers?: Record<string, string> } = {},
): Response {
  const body: { error: string; message: string; issues?: ValidationIssue[] } = { error, message };
  if (extra.issues !== undefined) body.issues = extra.issues;
  return jsonResponse(status, body, extra.headers);
}
