// Starts the built app as a child process on a free port (production mode), for the e2e
// tests and the benchmark. Resolves once the server says where it listens.
import { spawn, type ChildProcess } from "node:child_process";

/** `detached` puts the server and its workers in a process group of their own, so a test can kill them all. */
export function startServer(env: Record<string, string>, options: { detached?: boolean } = {}): Promise<{ child: ChildProcess; baseURL: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", LOG_REQUESTS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, baseURL: match[1]!, output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
  });
}
