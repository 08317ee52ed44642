// Summarises CPU profiles (node --cpu-prof; `BENCH_PROFILE=dir npm run bench` writes one per
// server process): where the time went, by function (self time) and by module, busiest process
// first. Open a .cpuprofile in Chrome DevTools (Performance) for the whole picture.
//
//   npx tsx bench/profile.ts DIR [TOP]
import fs from "node:fs";
import path from "node:path";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [dirArg, topArg] = process.argv.slice(2);
if (!dirArg) {
  console.error("Usage: npx tsx bench/profile.ts DIR [TOP]");
  process.exit(2);
}
const top = Number(topArg ?? 25);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".cpuprofile") ? [path.join(dir, e.name)] : []));
}

/** node_modules/<package>, or the project file, or a V8/Node built-in. */
function moduleOf(url: string): string {
  if (!url) return "(native)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
}

const pct = (n: number, total: number) => `${((n / total) * 100).toFixed(1).padStart(5)}%`;

const summaries = files(path.resolve(dirArg)).map((file) => {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const key = `${functionName || "(anonymous)"}  ${moduleOf(url)}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
    byModule.set(moduleOf(url), (byModule.get(moduleOf(url)) ?? 0) + t);
  }
  // Inclusive time of the project's own functions (and the build's), counted once per sample.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url || url.includes("node_modules") || url.startsWith("node:")) continue;
      const key = `${functionName || "(anonymous)"}  ${moduleOf(url)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  return { file, total, busy: total - idle, byFunction, byModule, inclusive };
});

for (const s of summaries.sort((a, b) => b.busy - a.busy)) {
  console.log(`\n${path.relative(process.cwd(), s.file)}: ${(s.busy / 1e6).toFixed(1)} s busy of ${(s.total / 1e6).toFixed(1)} s`);
  if (s.busy < s.total * 0.05) continue;
  console.log("  by module (self time):");
  for (const [k, t] of [...s.byModule].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${pct(t, s.busy)}  ${k}`);
  console.log("  by function (self time):");
  for (const [k, t] of [...s.byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(t, s.busy)}  ${k}`);
  console.log("  the project's functions (inclusive time):");
  for (const [k, t] of [...s.inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(t, s.busy)}  ${k}`);
}
