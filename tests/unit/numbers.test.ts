import { describe, expect, it } from "vitest";
import { digits, idField, pageNumber } from "../../app/schemas/numbers";
import { AgendaFilterSchema, MotionSchema, PartVoteSchema } from "../../app/schemas/conferences";
import { ResolutionFilterSchema } from "../../app/schemas/resolutions";

describe("numbers from forms and addresses", () => {
  it.each(["1", "42", " 7 ", "000123", "999999999"])("takes plain digits like %j", (text) => {
    expect(digits("Enter a number").safeParse(text)).toMatchObject({ success: true, data: Number(text) });
  });

  it.each(["0x1", "1e3", "0b1", "0o7", "1.0", "+1", "-1", "", " ", "1 000", "Infinity", "NaN", "1234567890", "１２"])("refuses %j", (text) => {
    expect(digits("Enter a number").safeParse(text).success).toBe(false);
  });

  it("takes whole numbers given by our own code", () => {
    expect(idField().parse(5)).toBe(5);
    expect(idField().safeParse(1.5).success).toBe(false);
    expect(idField().safeParse(0).success).toBe(false);
  });

  it("keeps the friendly messages", () => {
    const result = PartVoteSchema.safeParse({ partId: "1", method: "electronic", majority: "simple", for: "-3", against: "1e3", abstain: "2000000" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toEqual({ for: "Counts cannot be negative", against: "Enter a whole number", abstain: "That count is too large" });
    expect(PartVoteSchema.parse({ partId: 1, method: "electronic", majority: "simple", for: "10", against: "", abstain: "0" })).toMatchObject({ for: 10, against: null, abstain: 0, version: 0 });
  });

  it("drops odd ids and pages from addresses rather than reading them", () => {
    expect(AgendaFilterSchema.parse({ section: "0x1", clause: "1e3", page: "2" })).toMatchObject({ section: undefined, clause: undefined, page: 2 });
    expect(ResolutionFilterSchema.parse({ conference: "0x10", page: "1e2" })).toEqual({ conference: undefined, status: undefined, page: undefined });
    expect(pageNumber.safeParse("10001").success).toBe(false);
  });

  it("refuses a motion form whose section id is not plain digits", () => {
    const result = MotionSchema.safeParse({ number: "1", title: "A title", sectionId: "0x2", parts: [{ text: "That conference agrees." }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["sectionId"], message: "Choose a section from the list" });
  });
});
