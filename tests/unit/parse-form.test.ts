// app/utils/parse-form.ts: conform's parseWithZod with each schema's coercion made once. It must
// read every form exactly as conform's own does, for every schema the app has, valid or not.
import { parseWithZod as conformParseWithZod } from "@conform-to/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZodTypeAny } from "zod";
import * as campaigns from "../../app/schemas/campaigns";
import { parseWithZod } from "../../app/utils/parse-form";

/** Every schema in app/schemas. */
const modules = import.meta.glob<Record<string, unknown>>("../../app/schemas/*.ts", { eager: true });
const schemas = Object.values(modules).flatMap((m) => Object.entries(m)).filter((entry): entry is [string, ZodTypeAny] => {
  const value = entry[1] as { safeParse?: unknown };
  return typeof value === "object" && value !== null && typeof value.safeParse === "function";
});

/** Field names the schemas read, and values a form may carry for them (empty, spaces, numbers, words). */
const NAMES = ["intent", "practice", "status", "conditionScope", "conditionPercent", "version", "email", "password", "name", "title", "heldOn", "venue", "q", "page", "number", "text", "role", "percent", "trigger", "scope"];
const value = fc.oneof(fc.constantFrom("", " ", "0", "1", "50", "101", "-3", "1.5", "A81001", "pledged", "withdrawn", "none", "national", "icb", "2026-12-08", "a@b.nhs.net", "yes", "on"), fc.string({ maxLength: 12 }));
const form = fc.array(fc.tuple(fc.constantFrom(...NAMES), value), { maxLength: 10 });

interface Submission {
  status?: "success" | "error";
  value?: unknown;
  reply: () => unknown;
}
const read = (submission: Submission) => ({ status: submission.status, value: submission.status === "success" ? submission.value : undefined, reply: submission.reply() });

describe("parseWithZod (coercion made once per schema)", () => {
  it("knows the app's schemas", () => {
    expect(schemas.length).toBeGreaterThan(10);
  });

  it.each(schemas)("reads every form as conform does: %s", (_name, schema) => {
    fc.assert(
      fc.property(form, (fields) => {
        const formData = new FormData();
        for (const [name, v] of fields) formData.append(name, v);
        // Twice: the first parse makes the coerced schema, the second uses the one kept.
        const first = read(parseWithZod(formData, { schema }) as unknown as Submission);
        const again = read(parseWithZod(formData, { schema }) as unknown as Submission);
        const conform = read(conformParseWithZod(formData, { schema }) as unknown as Submission);
        expect(first).toEqual(conform);
        expect(again).toEqual(conform);
      }),
      { numRuns: 60 },
    );
  });

  it("takes a schema made from the intent", () => {
    const formData = new FormData();
    formData.append("practice", " A81001 ");
    formData.append("status", "pledged");
    formData.append("version", "2");
    const submission = parseWithZod(formData, { schema: () => campaigns.SignUpSchema });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toMatchObject({ practice: "A81001", status: "pledged", conditionScope: "none", version: 2 });
  });
});
