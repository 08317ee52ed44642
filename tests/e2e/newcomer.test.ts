// Small things a newcomer trips over: the static files every site has, a refused export that
// reads as a refusal rather than a crash, and browser code that runs in a browser (no Node's
// Buffer), so the CSV import page works with JavaScript on.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { logIn, see, useBrowser } from "./browser";

const browser = useBrowser();

describe("what every site has", () => {
  it.each([
    ["/favicon.ico", "image/x-icon"],
    ["/favicon.svg", "image/svg+xml"],
    ["/apple-touch-icon.png", "image/png"],
    ["/robots.txt", "text/plain"],
  ])("%s is there", async (file, type) => {
    const response = await fetch(new URL(file, browser.baseURL));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(type);
  });

  it("robots.txt lets crawlers read the public pages and keeps them out of accounts, administration and practices", async () => {
    const robots = await (await fetch(new URL("/robots.txt", browser.baseURL))).text();
    for (const closed of ["/admin", "/account", "/practices", "/notices", "/campaigns/*/signed-practices.csv"]) expect(robots).toContain(`Disallow: ${closed}\n`);
    expect(robots).toContain("Allow: /\n");
  });

  it("pages name their icons", async () => {
    const html = await (await fetch(new URL("/", browser.baseURL))).text();
    expect(html).toContain('rel="icon" href="/favicon.ico"');
    expect(html).toContain('rel="apple-touch-icon" href="/apple-touch-icon.png"');
  });
});

describe("a refused export", () => {
  it.each(["/conferences/999999/motions.csv", "/conferences/999999/motions.json", "/campaigns/999999/participation.csv"])("%s answers 404 in words, not as a server error", async (url) => {
    const response = await fetch(new URL(url, browser.baseURL));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Unexpected Server Error");
  });
});

describe("browser code", () => {
  it("never uses Node's Buffer", () => {
    const assets = path.resolve("build/client/assets");
    const offenders = fs.readdirSync(assets).filter((f) => f.endsWith(".js") && /(?:^|[^\w$])Buffer\.(?:from|alloc|isBuffer|concat)\b/.test(fs.readFileSync(path.join(assets, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the CSV import page works with JavaScript on: it loads without errors and refuses a bad file in words", async () => {
    const context = await browser.context();
    const page = await logIn(context, "staff@lmc-tracker.example");
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/conferences/1/import-csv");
    // Hydrated: the page's scripts ran (a client navigation works), with no error on the way.
    await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
    await page.getByLabel("Motions file (CSV or JSON)").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("motion_number,title\n5,x\n") });
    await page.getByRole("button", { name: "Import" }).click();
    await see(page, "Nothing was imported: fix these lines and upload again.");
    expect(errors).toEqual([]);
    await context.close();
  });
});
