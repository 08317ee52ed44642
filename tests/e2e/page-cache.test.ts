import { describe, expect, inject, it } from "vitest";
import { logIn as logInOverHttp } from "../support/http";
import { logIn, see, useBrowser } from "./browser";

const browser = useBrowser();

describe("the public page cache", () => {
  it("serves repeat public visits from the cache with a CSP the page's scripts satisfy, and drops it on any change", async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto("/conferences/1");
    const second = await page.goto("/conferences/1");
    expect(second?.headers()["x-page-cache"]).toBe("hit");
    expect(second?.headers()["content-security-policy"]).toMatch(/script-src 'self'( 'sha256-[^']+')+/);
    // The cached page hydrates: a client-side filter works without a full page load.
    await page.waitForFunction(() => "__remixContext" in window);
    await page.getByLabel("Outcome").selectOption("lost");
    await page.getByRole("button", { name: "Apply" }).click();
    await see(page, /motions? match/);
    expect(cspErrors).toEqual([]);

    // A logged-in reader is never served a cached page.
    const staffContext = await browser.context();
    const staff = await logIn(staffContext, "staff@lmc-tracker.example");
    const own = await staff.goto("/conferences/1");
    expect(own?.headers()["x-page-cache"]).toBeUndefined();

    // A new clause, which the conference page offers as a filter, makes that page stale.
    await staff.goto("/clauses");
    await staff.getByLabel("Document").selectOption({ index: 1 });
    await staff.getByLabel("Title", { exact: true }).fill("Cache test clause");
    await staff.getByRole("button", { name: "Add clause" }).click();
    await staff.waitForURL(/\/clauses\/\d+$/);
    const after = await page.goto("/conferences/1");
    expect(after?.headers()["x-page-cache"]).toBe("miss");
    await expect(page.getByLabel("Contract clause").locator("option", { hasText: "Cache test clause" }).count()).resolves.toBe(1);
    await staffContext.close();
    await context.close();
  });
});

describe("what a write makes stale", () => {
  const baseURL = inject("baseURL");
  const anonymous = (path: string) => fetch(`${baseURL}${path}`).then(async (r) => (await r.arrayBuffer(), r.headers.get("x-page-cache")));
  const staffPost = (cookie: string, path: string, form: Record<string, string>) =>
    fetch(`${baseURL}${path}`, { method: "POST", headers: { Origin: baseURL, Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });

  it("a change to one conference leaves another conference's pages cached, and a login leaves every page cached", async () => {
    const staff = await logInOverHttp(baseURL, "staff@lmc-tracker.example");
    const created = await staffPost(staff, "/conferences", { bodyId: "1", title: "Cache isolation conference", heldOn: "2026-06-01", status: "published" });
    expect(created.status).toBe(302);
    const other = created.headers.get("location")!;
    expect(other).toMatch(/^\/conferences\/\d+$/);

    for (const path of ["/conferences/1", "/motions/1", other]) {
      await anonymous(path);
      expect(await anonymous(path), path).toBe("hit");
    }
    // A write to the new conference: its page is stale, conference 1's is not.
    expect((await staffPost(staff, `${other}/edit`, { intent: "add-section", title: "A new section" })).status).toBe(302);
    expect(await anonymous(other)).toBe("miss");
    expect(await anonymous("/conferences/1")).toBe("hit");
    expect(await anonymous("/motions/1")).toBe("hit");

    // A login (an audited write that no public page shows) leaves every page cached.
    await anonymous(other);
    await logInOverHttp(baseURL, "gp@lmc-tracker.example");
    expect(await anonymous("/conferences/1")).toBe("hit");
    expect(await anonymous(other)).toBe("hit");
  });
});
