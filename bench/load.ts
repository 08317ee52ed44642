// The load generator: autocannon over kept-alive connections, one request at a time per
// connection (no pipelining, as browsers send them). Latencies are taken from every response
// at microsecond resolution (autocannon's own histogram counts whole milliseconds, too coarse for
// a route that answers in half of one), and every response is checked against what the request
// expects: a status that is not is an error, whatever its class.
import autocannon from "autocannon";

/** One kind of request in a scenario. `next` builds each request afresh (a body with a version, a cookie). */
export interface RequestKind {
  label: string;
  next: () => { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string; token?: unknown };
  /** Whether a response is what this request should get; `token` is what `next` returned with it. */
  check: (status: number, headers: Record<string, string | string[] | undefined>, token: unknown) => boolean;
  /** A request sent but never answered (the run stopped under it). */
  abandoned?: (token: unknown) => void;
}

export interface Measured {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Unexpected statuses by request kind and status, e.g. "signup 409": 2. */
  problems: Record<string, number>;
  /** p50 and p99 in ms of each kind of request, from its setup to its answer (a mixed load's tail, by kind). */
  byKind: Record<string, { p50: number; p99: number }>;
}

const BROWSER = { "accept-encoding": "gzip", "user-agent": "lmc-bench (autocannon)" };

/** Requests in `kinds`, taken in turn on each connection, for `seconds`. */
export async function measure(baseURL: string, kinds: readonly RequestKind[], options: { seconds: number; connections: number }): Promise<Measured> {
  const latencies: number[] = [];
  const problems: Record<string, number> = {};
  let errors = 0;
  // What each connection has in flight: its kind and token, read back when the answer comes.
  type Context = { kind?: RequestKind; token?: unknown; sentAt?: number };
  const kindLatencies = new Map<string, number[]>();
  const inFlight = new Set<Context>();
  const requests = kinds.map((kind) => ({
    setupRequest: (request: autocannon.Request, context: object) => {
      const next = kind.next();
      const c = context as Context;
      c.kind = kind;
      c.token = next.token;
      c.sentAt = performance.now();
      inFlight.add(c);
      return { ...request, method: next.method, path: next.path, body: next.body, headers: { ...BROWSER, ...next.headers } };
    },
    onResponse: (status: number, _body: string, context: object, headers: autocannon.Request["headers"]) => {
      const c = context as Context;
      inFlight.delete(c);
      if (c.sentAt !== undefined) {
        let list = kindLatencies.get(kind.label);
        if (!list) kindLatencies.set(kind.label, (list = []));
        list.push(performance.now() - c.sentAt);
      }
      if (!kind.check(status, headers ?? {}, c.token)) {
        errors++;
        const key = `${kind.label} ${status}`;
        problems[key] = (problems[key] ?? 0) + 1;
      }
    },
  }));
  const started = performance.now();
  const instance = autocannon({
    url: baseURL,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 30,
    requests: requests as unknown as autocannon.Request[],
  });
  // run.js emits (client, status, bytes, milliseconds as a float) on the tracker.
  (instance as unknown as NodeJS.EventEmitter).on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  (instance as unknown as NodeJS.EventEmitter).on("reqError", () => {
    errors++;
    problems["connection errors"] = (problems["connection errors"] ?? 0) + 1;
  });
  await instance;
  const elapsed = (performance.now() - started) / 1000;
  for (const c of inFlight) c.kind?.abandoned?.(c.token);
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  latencies.sort((a, b) => a - b);
  const byKind: Measured["byKind"] = {};
  for (const [label, list] of kindLatencies) {
    list.sort((a, b) => a - b);
    byKind[label] = { p50: at(list, 0.5), p99: at(list, 0.99) };
  }
  return { requests: latencies.length, perSecond: latencies.length / Math.max(elapsed, options.seconds), p50: at(latencies, 0.5), p99: at(latencies, 0.99), errors, problems, byKind };
}
