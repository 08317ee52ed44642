// Checkpoints of the SQLite write-ahead log, off the request thread (bench/README.md, change 18).
// SQLite's own automatic checkpoint runs inside the commit that takes the log past its size, on
// the connection that made it: a request's sign-up then waited while the log's pages were copied
// into the database file and the file was synced, 40 to 200 ms on this project's disks, and every
// request behind it waited too. The server runs this thread as well (server/index.ts): every
// `everyMs` it copies what the log holds, on a connection of its own, waiting for no reader or
// writer. When the writing pauses, the log is then fully copied and the next write begins it
// again. Under unbroken writing a copy never quite catches up, so the connections' own automatic
// checkpoint (db/connection.ts, at 4,000 pages) still begins the log again, but it finds nearly
// everything copied already and has only the last pages to write.
import { Worker } from "node:worker_threads";
import { isPostgresUrl, sqliteFilePath } from "./connection";

export interface WalCheckpointer {
  stop: () => Promise<void>;
}

const DEFAULT_EVERY_MS = 500;
/** A thread that died is started again after this long (the backstop checkpoints meanwhile). */
const RESTART_AFTER_MS = 5000;

interface Message {
  kind: "checkpoint" | "error";
  busy?: number;
  log?: number;
  checkpointed?: number;
  message?: string;
}

/** Starts checkpointing the SQLite database at `databaseUrl`; PostgreSQL needs none (null). */
export function startWalCheckpointer(databaseUrl: string, options: { everyMs?: number; onCheckpoint?: (result: Required<Pick<Message, "busy" | "log" | "checkpointed">>) => void } = {}): WalCheckpointer | null {
  if (isPostgresUrl(databaseUrl)) return null;
  const file = sqliteFilePath(databaseUrl);
  const everyMs = options.everyMs ?? DEFAULT_EVERY_MS;
  let stopping = false;
  let worker: Worker;
  let running = false;
  let lastError = "";

  function start() {
    if (stopping) return;
    running = true;
    worker = new Worker(new URL("./checkpoint-thread.mjs", import.meta.url), { workerData: { file, everyMs } });
    // The thread never keeps the process up.
    worker.unref();
    worker.on("message", (message: Message) => {
      if (message.kind === "checkpoint") {
        options.onCheckpoint?.({ busy: message.busy!, log: message.log!, checkpointed: message.checkpointed! });
      } else if (message.message !== lastError) {
        // Said once per different error, not every half second.
        lastError = message.message ?? "";
        console.error(JSON.stringify({ level: "error", event: "wal_checkpoint_error", message: message.message }));
      }
    });
    worker.on("error", (error) => console.error(JSON.stringify({ level: "error", event: "wal_checkpoint_thread_error", message: error.message })));
    worker.on("exit", () => {
      running = false;
      if (!stopping) setTimeout(start, RESTART_AFTER_MS).unref();
    });
  }
  start();

  let stopped: Promise<void> | null = null;
  return {
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        // A thread that died and is waiting to be started again is simply not started.
        if (!running) return resolve();
        // Held until it has made its last checkpoint and closed its connection.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      })),
  };
}
