// A throwaway PostgreSQL server for the test suite (`npm run test:postgres`): installs Debian's
// `postgresql` when it is missing and we can (root with apt-get, as on a fresh machine of this
// kind and in CI), makes a cluster in a temporary directory, starts it on a free port of
// 127.0.0.1 only, runs the command given with TEST_POSTGRES_URL set to it, then stops the server
// and deletes the cluster, whatever the command did. The command's exit status is ours.
//
//   node scripts/postgres.mjs vitest run --project integration
//   node scripts/postgres.mjs          (no command: prints the URL and serves until Ctrl-C)
//
// With TEST_POSTGRES_URL already set (a server of your own, whose user may create databases),
// nothing is installed or started: the command runs against that server.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const command = process.argv.slice(2);

if (process.env.TEST_POSTGRES_URL) {
  process.exit(command.length ? await run(command, process.env) : 0);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const bin = findBinaries() ?? install();
const cluster = await startCluster(bin);
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  cluster.stop();
};
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stop();
    process.exit(130);
  });
}

if (command.length === 0) {
  console.log(`PostgreSQL ${cluster.version} is running: TEST_POSTGRES_URL=${cluster.url}\nCtrl-C stops it and deletes its data.`);
  await new Promise(() => {});
}
const status = await run(command, { ...process.env, TEST_POSTGRES_URL: cluster.url });
stop();
process.exit(status);

/** The directory holding initdb, pg_ctl and postgres: PG_BIN, Debian's newest version, or the PATH. */
function findBinaries() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
  }
  try {
    candidates.push(path.dirname(execFileSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" }).trim()));
  } catch {
    // Not on the PATH either.
  }
  return candidates.find((dir) => ["initdb", "pg_ctl", "postgres"].every((name) => fs.existsSync(path.join(dir, name)))) ?? null;
}

function install() {
  let hasApt = false;
  try {
    execFileSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" });
    hasApt = true;
  } catch {
    // No apt-get: say how to install PostgreSQL by hand, below.
  }
  if (!isRoot || !hasApt) {
    console.error(
      "The PostgreSQL tests need a PostgreSQL server (initdb, pg_ctl), and none is installed.\n" +
        "Install the Debian package 'postgresql' (sudo apt-get install -y postgresql), set PG_BIN to the directory holding initdb and pg_ctl,\n" +
        "or set TEST_POSTGRES_URL to a server of your own whose user may create databases.",
    );
    process.exit(1);
  }
  console.log("PostgreSQL is missing: installing Debian's 'postgresql' package (this takes a minute)...");
  const installed = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"], { stdio: "inherit" });
  const found = installed.status === 0 ? findBinaries() : null;
  if (!found) {
    console.error("Installing PostgreSQL failed. Install the Debian package 'postgresql' by hand and run the tests again.");
    process.exit(1);
  }
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user that
 * Debian's package makes, and every server command runs as that user.
 */
async function startCluster(binDir) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmc-postgres-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  const password = crypto.randomBytes(18).toString("hex");
  fs.writeFileSync(path.join(dir, "password"), `${password}\n`, { mode: 0o600 });
  let asUser = (file, args) => [file, args];
  if (isRoot) {
    let uid, gid;
    try {
      uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    } catch {
      cleanUp();
      console.error("As root, the throwaway cluster runs as the 'postgres' user (initdb refuses root), and there is none. Install Debian's 'postgresql' package, or run as another user.");
      process.exit(1);
    }
    fs.chownSync(dir, uid, gid);
    fs.chownSync(path.join(dir, "password"), uid, gid);
    asUser = (file, args) => ["runuser", ["-u", "postgres", "--", file, ...args]];
  }
  const exec = (name, args, options = {}) => {
    const [file, argv] = asUser(path.join(binDir, name), args);
    return execFileSync(file, argv, { cwd: dir, encoding: "utf8", ...options });
  };

  try {
    // Password logins only, over TCP on 127.0.0.1; the C locale sorts text byte by byte, as SQLite does.
    exec("initdb", ["-D", data, "-U", "postgres", `--pwfile=${path.join(dir, "password")}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"], { stdio: "pipe" });
  } catch (error) {
    cleanUp();
    console.error(`initdb failed:\n${error.stderr ?? error.message}`);
    process.exit(1);
  }
  const version = exec("postgres", ["--version"]).trim().replace(/^postgres \(PostgreSQL\) /, "");

  let port;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    // A throwaway cluster: durability settings off for speed; sockets only in our directory.
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      "-c max_connections=300",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    try {
      exec("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"], { stdio: "pipe" });
      break;
    } catch (error) {
      // Someone took the port between our look and the server's bind: try another.
      if (attempt < 3) continue;
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
      cleanUp();
      console.error(`PostgreSQL did not start:\n${error.stderr ?? error.message}\n${serverLog}`);
      process.exit(1);
    }
  }
  return {
    version,
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], { stdio: "pipe" });
      } catch (error) {
        console.error(`Stopping PostgreSQL: ${error.stderr ?? error.message}`);
      }
      cleanUp();
    },
  };
}

function run(argv, env) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env });
    child.on("error", (error) => {
      console.error(`Could not run ${argv[0]}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
