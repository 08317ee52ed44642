// Attacks on the HTTP layer, by class rather than by payload, against the built production
// server over real HTTP: hostile form shapes, oversized and chunked bodies, cross-site posts on
// every spelling of every action, private caching, and a second login over a live session.
// Whatever is refused must leave the database byte for byte as it was and the server up.
import { Readable } from "node:stream";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { databaseDigest, logIn, peakMemoryMb, routeTable, spellings, workerPids, type RouteInfo } from "../support/http";

const baseURL = inject("baseURL");
const databaseUrl = inject("databaseUrl");
const serverPid = inject("serverPid");

let routes: RouteInfo[];
let actions: RouteInfo[];
let adminCookie: string;
let staffCookie: string;
let workersAtStart: number[];

beforeAll(async () => {
  routes = await routeTable();
  actions = routes.filter((r) => r.hasAction);
  adminCookie = await logIn(baseURL, "admin@lmc-tracker.example");
  staffCookie = await logIn(baseURL, "staff@lmc-tracker.example");
  workersAtStart = workerPids(serverPid);
});

async function healthy() {
  const response = await fetch(`${baseURL}/healthz`);
  expect(response.status).toBe(200);
  // No worker died and was replaced while we were at it.
  expect(workerPids(serverPid)).toEqual(workersAtStart);
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${baseURL}${path}`, {
    method: "POST",
    headers: { Origin: baseURL, ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
}

/** Form field names and values of the kinds that cost a naive parser dearly. */
const hostileForm = fc.oneof(
  // A huge or sparse list index, in brackets or dotted, at any depth.
  fc.record({
    prefix: fc.constantFrom("x", "parts", "email", "parts[0].clauses", "votes"),
    index: fc.integer({ min: 200, max: 2_000_000_000 }),
    suffix: fc.constantFrom("", ".text", "[0]", ".clauseId"),
  }).map(({ prefix, index, suffix }) => [[`${prefix}[${index}]${suffix}`, "1"]]),
  // Thousands of keys.
  fc.integer({ min: 1_001, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => [`k${i}`, "v"])),
  // Deep nesting.
  fc.integer({ min: 7, max: 500 }).map((depth) => [[Array.from({ length: depth }, (_, i) => `a${i}`).join("."), "1"]]),
  fc.integer({ min: 7, max: 500 }).map((depth) => [[`a${"[b]".repeat(depth)}`, "1"]]),
  // Very long names, and names that are not of the form Conform reads.
  fc.integer({ min: 201, max: 100_000 }).map((n) => [["n".repeat(n), "1"]]),
  fc.constantFrom([["a[", "1"]], [["a]b[", "1"]], [["a[[0]]", "1"]]),
  // Control characters in a value.
  fc.tuple(fc.constantFrom("email", "title", "text", "name", "reason"), fc.integer({ min: 0, max: 31 }).filter((c) => c !== 9 && c !== 10 && c !== 13))
    .map(([name, code]) => [[name, `before${String.fromCharCode(code)}after`]]),
);

describe("hostile form shapes", () => {
  it("every action answers 400 to every hostile shape, as anyone, writes nothing and stays up", async () => {
    const before = await databaseDigest(databaseUrl);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions),
        fc.constantFrom<[string, string | undefined]>(["public", undefined], ["admin", "admin"], ["staff", "staff"]),
        fc.constantFrom(0, 1, 2),
        fc.boolean(),
        hostileForm,
        async (route, [, who], spelling, multipart, fields) => {
          const cookie = who === "admin" ? adminCookie : who === "staff" ? staffCookie : undefined;
          let body: BodyInit;
          if (multipart) {
            const form = new FormData();
            for (const [name, value] of fields) form.append(name!, value!);
            body = form;
          } else {
            body = new URLSearchParams(fields as [string, string][]);
          }
          const response = await post(spellings(route)[spelling]!, body, cookie ? { Cookie: cookie } : {});
          expect(response.status, `${route.id}`).toBe(400);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    expect(await databaseDigest(databaseUrl)).toBe(before);
    await healthy();
    for (const pid of workerPids(serverPid)) expect(peakMemoryMb(pid)).toBeLessThan(1_500);
  });

  it("the 39-byte request that once killed the server is refused at once", async () => {
    const response = await post("/login", "x[100000000]=1", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("list longer than any form");
    await healthy();
  });

  it("a signed-in secretary cannot stall the server with a part numbered in the thousands", async () => {
    const cookie = await logIn(baseURL, "secretary@lmc-tracker.example");
    const response = await post("/conferences/1/motions/new", new URLSearchParams({ "parts[5000].text": "x", title: "t" }), { Cookie: cookie });
    expect(response.status).toBe(400);
    await healthy();
  });
});

describe("request size", () => {
  const big = 31 * 1024 * 1024;

  it("a body over the limit is refused whether it declares its length or comes chunked", async () => {
    const before = await databaseDigest(databaseUrl);
    // The server answers 413 at once and closes; a client still sending may see the reset instead.
    const declared = await post("/login", new Uint8Array(big).fill(97), { "Content-Type": "application/x-www-form-urlencoded" }).catch((error: unknown) => error);
    if (declared instanceof Response) expect(declared.status).toBe(413);
    const chunks = async function* () {
      for (let sent = 0; sent < big; sent += 1024 * 1024) yield new Uint8Array(1024 * 1024).fill(97);
    };
    const chunked = await fetch(`${baseURL}/login`, {
      method: "POST",
      headers: { Origin: baseURL, "Content-Type": "application/x-www-form-urlencoded" },
      body: Readable.toWeb(Readable.from(chunks())),
      duplex: "half",
      redirect: "manual",
    } as RequestInit).catch((error: unknown) => error);
    // The server answers 413 and closes; a client still sending may see the reset instead.
    if (chunked instanceof Response) expect(chunked.status).toBe(413);
    expect(await databaseDigest(databaseUrl)).toBe(before);
    await healthy();
    for (const pid of workerPids(serverPid)) expect(peakMemoryMb(pid)).toBeLessThan(1_500);
  });

  it("a body that is not a form is refused with 415, not a server error", async () => {
    const response = await post("/login", JSON.stringify({ email: "a" }), { "Content-Type": "application/json" });
    expect(response.status).toBe(415);
  });
});

describe("cross-site request forgery", () => {
  const foreign: [string, Record<string, string>][] = [
    ["another site", { Origin: "https://evil.example" }],
    ["a sibling subdomain (same site)", { Origin: "http://evil.localhost", "Sec-Fetch-Site": "same-site" }],
    ["an opaque origin", { Origin: "null" }],
    ["a cross-site fetch without Origin", { "Sec-Fetch-Site": "cross-site" }],
  ];

  it("every action, in every spelling, refuses a post from anywhere but our own pages", async () => {
    const before = await databaseDigest(databaseUrl);
    for (const route of actions) {
      for (const url of spellings(route)) {
        for (const [what, headers] of foreign) {
          const response = await fetch(`${baseURL}${url}`, {
            method: "POST",
            headers: { ...headers, Cookie: adminCookie },
            body: new URLSearchParams({ email: "csrf@example.org", name: "CSRF", role: "admin", password: "a long enough password" }),
            redirect: "manual",
          });
          expect(response.status, `${url} from ${what}`).toBe(403);
          expect(response.headers.get("content-type")).toContain("text/html");
        }
      }
    }
    expect(await databaseDigest(databaseUrl)).toBe(before);
  });

  it("a post from our own origin still works", async () => {
    const response = await post("/login", new URLSearchParams({ email: "nobody@example.org", password: "wrong" }), { "Sec-Fetch-Site": "same-origin" });
    expect(response.status).toBe(400);
  });
});

describe("private pages", () => {
  it("pages and exports for a signed-in reader say private, no-store", async () => {
    for (const path of ["/account", "/conferences", "/conferences/1", "/conferences/1/motions.csv", "/conferences/1/motions.json", "/resolutions.csv", "/admin/audit"]) {
      const response = await fetch(`${baseURL}${path}`, { headers: { Cookie: staffCookie }, redirect: "manual" });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      await response.arrayBuffer();
    }
  });

  it("logging in over a live session ends the old one", async () => {
    const first = await logIn(baseURL, "gp@lmc-tracker.example");
    const second = await logIn(baseURL, "gp@lmc-tracker.example", undefined, first);
    expect((await fetch(`${baseURL}/account`, { headers: { Cookie: second }, redirect: "manual" })).status).toBe(200);
    const old = await fetch(`${baseURL}/account`, { headers: { Cookie: first }, redirect: "manual" });
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toContain("/login");
  });
});

describe("redirect after login", () => {
  it("never leaves the site, however the target is spelt", async () => {
    const targets = ["/%09/evil.example/", "/\t/evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example", "/ /evil.example", "/%2F%2Fevil.example"];
    for (const redirectTo of targets) {
      const response = await fetch(`${baseURL}/login`, {
        method: "POST",
        headers: { Origin: baseURL },
        body: new URLSearchParams({ email: "gp@lmc-tracker.example", password: "lmc-demo-password", redirectTo }),
        redirect: "manual",
      });
      expect(response.status).toBe(302);
      const location = response.headers.get("location")!;
      expect(new URL(location, baseURL).origin, redirectTo).toBe(new URL(baseURL).origin);
      expect(location.startsWith("//")).toBe(false);
    }
  });
});

describe("route x role matrix over HTTP, in every spelling", () => {
  const people: [string, string | null][] = [
    ["public", null],
    ["gp", "gp@lmc-tracker.example"],
    ["lead", "lead@lmc-tracker.example"],
    ["lmc_secretary", "secretary@lmc-tracker.example"],
    ["bma_staff", "staff@lmc-tracker.example"],
    ["admin", "admin@lmc-tracker.example"],
  ];

  it("a route's `.data` form answers exactly as its page does, and `?_data=` is refused, for every role", async () => {
    const cookies = new Map<string, string | null>();
    for (const [who, email] of people) cookies.set(who, email ? await logIn(baseURL, email) : null);
    const pages = routes.filter((r) => r.hasLoader && !r.path.endsWith(".csv") && !r.path.endsWith(".json") && r.id !== "routes/logout");
    for (const route of pages) {
      for (const [who] of people) {
        const cookie = cookies.get(who);
        const [page, data, legacy] = spellings(route);
        const get = (url: string) => fetch(`${baseURL}${url}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
        const pageResponse = await get(page!);
        const dataResponse = await get(data!);
        const dataBody = await dataResponse.text();
        await pageResponse.arrayBuffer();
        if (pageResponse.status === 302) {
          // Single fetch answers a redirect as a 202 that says where to go.
          expect(dataBody, `${data} as ${who}`).toContain("SingleFetchRedirect");
        } else {
          expect(dataResponse.status, `${data} as ${who}`).toBe(pageResponse.status);
        }
        const legacyResponse = await get(legacy!);
        expect(legacyResponse.status, `${legacy} as ${who}`).toBe(400);
        await legacyResponse.arrayBuffer();
      }
    }
  });
});
