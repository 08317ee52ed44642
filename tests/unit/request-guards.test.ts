// The pure rules the HTTP layer applies before any route runs: form shape, where a post comes
// from, and where a login may send someone next.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/domain/safe-redirect";
import { crossSiteProblem } from "../../server/csrf";
import { FORM_LIMITS, formShapeProblem } from "../../server/form-limits";

describe("form shape", () => {
  it.each([
    ["an ordinary login", [{ name: "email", value: "a@b.c" }, { name: "password", value: "x" }], null],
    ["a motion with nested parts and clause links", [{ name: "parts[0].text", value: "x" }, { name: "parts[2].clauses[1].clauseId", value: "3" }], null],
    ["the highest index allowed", [{ name: `parts[${FORM_LIMITS.maxIndex}].text`, value: "x" }], null],
    ["tab, newline and carriage return in text", [{ name: "text", value: "a\tb\r\nc" }], null],
    ["a file, whatever it holds", [{ name: "file" }], null],
    ["an index one past the limit", [{ name: `parts[${FORM_LIMITS.maxIndex + 1}].text`, value: "x" }], "list"],
    ["the 39-byte killer", [{ name: "x[100000000]", value: "1" }], "list"],
    ["a dotted numeric segment", [{ name: "parts.5000.text", value: "x" }], "list"],
    ["leading zeros hiding a big index", [{ name: "x[0000000001]", value: "1" }], "list"],
    ["nesting seven deep", [{ name: "a.b.c.d.e.f.g", value: "1" }], "nested"],
    ["an unclosed bracket", [{ name: "a[0", value: "1" }], "cannot be read"],
    ["a name of 201 characters", [{ name: "n".repeat(201), value: "1" }], "too long"],
    ["a NUL byte", [{ name: "title", value: "a\u0000b" }], "control character"],
    ["DEL", [{ name: "title", value: "a\u007fb" }], "control character"],
  ])("%s", (_what, fields, expected) => {
    const problem = formShapeProblem(fields);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });

  it("one field more than the limit is refused, the limit itself is not", () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: "" }));
    expect(formShapeProblem(fields(FORM_LIMITS.maxFields))).toBeNull();
    expect(formShapeProblem(fields(FORM_LIMITS.maxFields + 1))).toContain("more fields");
  });

  it("stops reading at the limit, so an endless stream of fields costs no more than the limit", () => {
    let read = 0;
    function* endless() {
      for (;;) {
        read += 1;
        yield { name: "f", value: "" };
      }
    }
    expect(formShapeProblem(endless())).toContain("more fields");
    expect(read).toBe(FORM_LIMITS.maxFields + 1);
  });
});

describe("cross-site posts", () => {
  const host = "lmc.example:3000";
  it.each([
    ["our own page", { origin: "http://lmc.example:3000", secFetchSite: "same-origin", host }, null],
    ["a script with neither header", { host }, null],
    ["a bookmark or typed address", { secFetchSite: "none", host }, null],
    ["another site", { origin: "https://evil.example", host }, "another site"],
    ["a sibling subdomain", { origin: "http://a.lmc.example:3000", secFetchSite: "same-site", host }, "another site"],
    ["same host, another port", { origin: "http://lmc.example:4000", host }, "another site"],
    ["an opaque origin", { origin: "null", host }, "another site"],
    ["a non-web origin", { origin: "file://lmc.example:3000", host }, "another site"],
    ["cross-site without Origin", { secFetchSite: "cross-site", host }, "another site"],
  ])("%s", (_what, headers, expected) => {
    const problem = crossSiteProblem(headers);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

describe("redirect after login", () => {
  const BASE = "https://lmc.example";
  it.each([
    ["/conferences/1?outcome=carried#m5", "/conferences/1?outcome=carried#m5"],
    ["/account", "/account"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/%09/evil.example/", "/%09/evil.example/"],
    ["/.//evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    ["account", "/"],
    ["http://lmc-tracker.invalid/account", "/"],
    ["//user@lmc-tracker.invalid/account", "/"],
    ["//:secret@lmc-tracker.invalid/account", "/"],
    ["/a#b/\\", "/a#b/\\"],
    [undefined, "/"],
    [null, "/"],
    [5, "/"],
  ])("%j goes to %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it("takes a path of up to 2,000 characters, and no longer", () => {
    const path = `/${"a".repeat(1999)}`;
    expect(safeRedirect(path)).toBe(path);
    expect(safeRedirect(`${path}a`)).toBe("/");
  });

  it("sends a refused target to the fallback given", () => {
    expect(safeRedirect("//evil.example", "/account")).toBe("/account");
  });

  it("whatever the target, the browser stays on this site", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `/${s}`), fc.webUrl(), fc.webPath()), (to) => {
        const target = safeRedirect(to);
        expect(target.startsWith("/")).toBe(true);
        expect(target.startsWith("//")).toBe(false);
        expect(new URL(target, BASE).origin).toBe(BASE);
      }),
      { numRuns: 2_000 },
    );
  });
});
