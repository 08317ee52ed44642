import { describe, expect, it } from "vitest";
import { shortIcbName } from "../../app/domain/icb-names";
import { DEMO_ODS_PREFIX, ODS_PRACTICE_CODE } from "../../app/domain/ods";
import { lineCount } from "../../app/domain/text-limits";

describe("GP practice ODS codes", () => {
  it.each([
    ["A81001", true],
    ["Y02345", true],
    ["A8100", false],
    ["A810011", false],
    ["XA81001", false],
    ["181001", false],
    ["a81001", false],
    ["", false],
  ])("%j is a practice code: %s", (code, expected) => {
    expect(ODS_PRACTICE_CODE.test(code)).toBe(expected);
  });

  it("demo practices have valid codes under a prefix of their own", () => {
    expect(DEMO_ODS_PREFIX).toMatch(/^[A-Z]$/);
    expect(ODS_PRACTICE_CODE.test(`${DEMO_ODS_PREFIX}00001`)).toBe(true);
  });
});

describe("short ICB names", () => {
  it.each([
    ["NHS Greater Manchester Integrated Care Board", "Greater Manchester"],
    ["NHS Cheshire and Merseyside Integrated Care Board", "Cheshire and Merseyside"],
    ["Greater Manchester", "Greater Manchester"],
    // Only a leading "NHS " and a trailing "Integrated Care Board" are dropped.
    ["Mid NHS Integrated Care Board Area", "Mid NHS Integrated Care Board Area"],
  ])("%j is shown as %j", (name, short) => {
    expect(shortIcbName(name)).toBe(short);
  });
});

describe("counting the lines of an upload before reading it", () => {
  it.each([
    ["", 1],
    ["one line", 1],
    ["one line\n", 2],
    ["a\nb\nc", 3],
    ["\n\n\n", 4],
    ["a\r\nb", 2],
  ])("%j has %i lines", (text, lines) => {
    expect(lineCount(text)).toBe(lines);
  });
});
