// Renders anonymous pages in a worker thread (server/render-thread-worker.mjs), so that the page
// cache can refresh the public participation dashboard without holding the thread that answers
// requests (ADR 017): a render of it takes about 100 ms of CPU, and on a launch day every request
// that arrived meanwhile waited for it (bench/README.md, the mixed load's p99). The thread starts
// at the first render asked of it and again after it dies; a render it cannot do is refused, and
// the page cache then renders on the request as before.
import { Worker } from "node:worker_threads";

export interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface OffThreadRenderer {
  /** Renders an anonymous GET of `url` with this CSP nonce, elsewhere than the request thread. */
  render: (url: string, nonce: string) => Promise<Rendered>;
  /**
   * Starts the thread ahead of its first render: loading the server build there takes a second or
   * two of CPU, which should not fall in the middle of a burst (the page cache calls it when it
   * first keeps a page it will refresh).
   */
  prepare: () => void;
}

/** A render that takes longer than this is given up (the thread may be stuck): the page renders inline. */
const RENDER_TIMEOUT_MS = 15_000;

export function createRenderThread(): OffThreadRenderer {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: Rendered) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  const failAll = (error: Error) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  function start(): Worker {
    const thread = new Worker(new URL("./render-thread-worker.mjs", import.meta.url));
    // The thread never keeps the process up: a server that is stopping stops.
    thread.unref();
    thread.on("message", (message: { id: number; error?: string; status?: number; headers?: Record<string, string>; body?: Uint8Array }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error !== undefined) p.reject(new Error(message.error));
      else p.resolve({ status: message.status!, headers: message.headers!, body: Buffer.from(message.body!) });
    });
    thread.on("error", (error) => {
      console.error(JSON.stringify({ level: "error", event: "render_thread_error", message: error.message }));
      if (worker === thread) worker = null;
      failAll(error);
    });
    thread.on("exit", () => {
      if (worker === thread) worker = null;
      failAll(new Error("The render thread stopped."));
    });
    return thread;
  }

  return {
    prepare: () => {
      worker ??= start();
    },
    render: (url, nonce) =>
      new Promise<Rendered>((resolve, reject) => {
        worker ??= start();
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`The render thread did not answer in ${RENDER_TIMEOUT_MS / 1000} s.`));
        }, RENDER_TIMEOUT_MS);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        worker.postMessage({ id, url, nonce });
      }),
  };
}
