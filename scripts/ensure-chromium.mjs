// The browser tests drive Debian's Chromium. Install it when it is missing and we can
// (root with apt-get, as on a fresh machine of this kind and in CI); otherwise say what to do.
import { execSync } from "node:child_process";
import fs from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (fs.existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
let hasApt = false;
try {
  execSync("command -v apt-get", { stdio: "ignore" });
  hasApt = true;
} catch {
  // No apt-get: say how to install Chromium by hand, below.
}

if (!isRoot || !hasApt) {
  console.error(
    `The end-to-end tests need Chromium at ${CHROMIUM}, and it is not there.\n` +
      "Install the Debian package 'chromium' (sudo apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium binary.",
  );
  process.exit(1);
}

console.log("Chromium is missing: installing Debian's 'chromium' package (this takes a minute)...");
try {
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
} catch {
  console.error("Installing Chromium failed. Install the Debian package 'chromium' by hand and run the tests again.");
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
