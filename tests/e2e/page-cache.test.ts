import { describe, expect, it } from "vitest";
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

    // Any write (here: a new clause) makes cached pages stale.
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
