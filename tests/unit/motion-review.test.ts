import { describe, expect, it } from "vitest";
import { allowingScope } from "../../app/domain/access";
import { submissionsOpen } from "../../app/domain/conference-access";
import { MOTION_NUMBER, motionSortKey, nextMotionNumber, provisionalNumber } from "../../app/domain/motion-numbers";
import { motionName, motionNameInSentence } from "../../app/domain/motion-states";

describe("the number a motion gets when it is accepted", () => {
  it.each([
    ["the first in an empty conference", [], null, "1"],
    ["the next after the highest, whatever the order", ["3", "1", "12", "2"], null, "13"],
    ["counting lettered numbers by their whole number", ["5", "5a", "7b"], null, "8"],
    ["ignoring drafts' placeholders", ["2", "draft-00aa11bb22cc"], null, "3"],
    ["a rider: its motion's number and the first free letter", ["7", "7a", "8"], "7", "7b"],
    ["a rider whose motion has none yet", ["7"], "7", "7a"],
    ["a rider whose motion has no number: the next whole number", ["7"], "draft-00aa11bb22cc", "8"],
    ["case does not matter", ["7A"], "7", "7b"],
  ])("%s", (_name, taken, parent, expected) => {
    expect(nextMotionNumber(taken, parent)).toBe(expected);
  });

  it("a draft's placeholder is never a motion number and sorts after every one", () => {
    const placeholder = provisionalNumber("0a1b2c3d4e5f");
    expect(MOTION_NUMBER.test(placeholder)).toBe(false);
    expect(motionSortKey(placeholder) > motionSortKey("9999zz")).toBe(true);
  });
});

describe("how a motion is named before and after it has a number", () => {
  it.each([
    [{ number: "5", state: "agenda" as const }, "Motion 5", "motion 5"],
    [{ number: "draft-0a", state: "draft" as const }, "Draft motion", "draft motion"],
    [{ number: "draft-0a", state: "submitted" as const }, "Submitted motion", "submitted motion"],
    [{ number: "draft-0a", state: "rejected" as const }, "Rejected motion", "rejected motion"],
  ])("%j", (motion, name, inSentence) => {
    expect(motionName(motion)).toBe(name);
    expect(motionNameInSentence(motion)).toBe(inSentence);
  });
});

describe("when submissions are open", () => {
  const now = new Date("2025-09-26T12:00:00Z");
  it.each([
    ["before the deadline, while planned", { status: "planning" as const, submissionDeadline: "2025-09-30" }, true],
    ["on the deadline day", { status: "planning" as const, submissionDeadline: "2025-09-26" }, true],
    ["after the deadline", { status: "planning" as const, submissionDeadline: "2025-09-25" }, false],
    ["with no deadline, while planned", { status: "planning" as const, submissionDeadline: null }, true],
    ["with the agenda out, before the deadline", { status: "agenda_published" as const, submissionDeadline: "2025-09-30" }, true],
    ["in session, whatever the deadline", { status: "in_session" as const, submissionDeadline: "2025-09-30" }, false],
    ["closed", { status: "closed" as const, submissionDeadline: null }, false],
    ["published", { status: "published" as const, submissionDeadline: null }, false],
  ])("%s: %s", (_name, conference, open) => {
    expect(submissionsOpen(conference, now)).toBe(open);
  });
});

describe("who reviews submissions", () => {
  const staff = { id: 1, role: "bma_staff" as const, lmcId: null };
  const secretary = { id: 2, role: "lmc_secretary" as const, lmcId: 7 };
  const national = { national: true, lmcId: null, published: false };
  it.each([
    ["staff, at a national conference", staff, national, "any"],
    ["a secretary, at their LMC's own meeting", secretary, { national: false, lmcId: 7, published: false }, "lmc"],
    ["not a secretary, at a national conference", secretary, national, null],
    ["not staff, at an LMC's own meeting", staff, { national: false, lmcId: 7, published: true }, null],
    ["not the public", null, { ...national, published: true }, null],
  ])("%s", (_name, actor, relation, scope) => {
    expect(allowingScope(actor, "review-submissions", relation)).toBe(scope);
  });
});
