import type { Traffic, TrafficContext } from './traffic.ts';

/**
 * Byte sequences that are no valid HTTP/1.1 request, each on a connection of its own: Node's
 * parser must refuse them with a 4xx (Fastify answers parse errors as JSON), and a client that
 * hangs up half-way through a body must leave the server unharmed.
 */
const RAW = {
  garbageRequestLine: () => 'GARBAGE\r\n\r\n',
  headerWithoutColon: () => 'POST /formids HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  contentLengthAndChunked: (auth: string) =>
    `POST /formids HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
  badChunkSize: (auth: string) =>
    `POST /formids HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
  invalidContentLength: (auth: string) =>
    `POST /formids HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n{"items":[]}`,
  hugeHeader: () => `POST /formids HTTP/1.1\r\nHost: x\r\nX-Filler: ${'f'.repeat(20_000)}\r\n\r\n`,
  nulInPath: () => 'POST /formids\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
  hangUpMidBody: (auth: string) =>
    `POST /formids HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"items":[{"formId":"h-`,
} satisfies Record<string, (authorization: string) => string>;

export function rawRequest(c: TrafficContext): Traffic {
  const label = c.random.pick(Object.keys(RAW) as (keyof typeof RAW)[]);
  const text = RAW[label](c.random.pick(c.sessions).authorization);
  return {
    kind: 'raw',
    label: `raw:${label}`,
    bytes: Buffer.from(text, 'latin1'),
    answer: label === 'hangUpMidBody' ? 'none' : 'required',
  };
}
