// The corner of autocannon 8's programmatic API that emulator-send-throughput.ts uses (the
// package ships no types).
declare module 'autocannon' {
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections: number;
    amount: number;
    method: string;
    headers: Record<string, string>;
    requests: { setupRequest(request: Request): Request }[];
  }
  interface Distribution {
    total: number;
    average: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Distribution;
    latency: Distribution;
    duration: number;
    non2xx: number;
    errors: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
