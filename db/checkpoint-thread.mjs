// The thread of db/checkpointer.ts: copies committed pages from the SQLite write-ahead log into
// the database file every few hundred milliseconds, on its own connection, so that no request's
// commit has to. Plain JavaScript, so the thread needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";

const { file, everyMs } = workerData;
const db = new SQLite(file, { fileMustExist: true });
// As every connection (db/connection.ts): the database file is synced when a checkpoint completes.
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 1000");

function checkpoint() {
  try {
    // PASSIVE waits for no reader or writer: it copies what it can, and the next round the rest.
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ kind: "checkpoint", ...result });
  } catch (error) {
    parentPort.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, everyMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
