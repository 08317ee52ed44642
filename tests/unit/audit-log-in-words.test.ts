// The audit log in words, case by case: every kind of motion event and edit, and records whose
// before or after is missing or not a record. tests/unit/audit-words.test.ts reads whole histories.
import { describe, expect, it } from "vitest";
import { actionInWords, historyInWords, motionEventInWords } from "../../app/domain/audit-words";

const labels = new Map([
  [11, "i"],
  [12, "ii"],
]);
const inWords = (action: string, after: unknown, before: unknown = null) => motionEventInWords({ action, before, after, reason: null }, labels);

describe("a motion's audit events in words", () => {
  it.each([
    ["motion.create", { state: "agenda", number: "5" }, "Added to the agenda as motion 5"],
    ["motion.create", { state: "agenda" }, "Added to the agenda"],
    ["motion.create", { state: "draft" }, "Drafted"],
    ["motion.create", { state: "submitted" }, "Created (submitted)"],
    ["motion.create", { state: "weird" }, "Created (motion)"],
    ["motion.create", null, "Created (motion)"],
    ["motion.accept", { number: "5" }, "Accepted onto the agenda as motion 5"],
    ["motion.accept", { number: "" }, "Accepted onto the agenda"],
    ["motion.merge", { composite_number: "12" }, "Merged into composite motion 12"],
    ["motion.merge", {}, "Merged into a composite"],
    ["motion.set_state", { state: "agenda" }, "Moved to: on the agenda"],
    ["motion.set_state", { state: "rejected" }, "Moved to: rejected"],
    ["motion.set_state", { state: 3 }, "Moved"],
    ["vote.record", { part_id: 11, outcome: "carried", votes_for: 312, votes_against: 21, votes_abstain: 9, method: "electronic", majority: "simple" }, "Vote recorded on part (i): Carried: 312 for, 21 against, 9 abstaining (electronic, simple majority)"],
    ["vote.correct", { outcome: "lost", votes_against: 5 }, "Vote corrected: Lost: 0 for, 5 against, 0 abstaining"],
    ["vote.correct", { outcome: "lost", votes_for: 5 }, "Vote corrected: Lost: 5 for, 0 against, 0 abstaining"],
    ["vote.record", { outcome: "carried", method: "card", majority: "two_thirds" }, "Vote recorded: Carried (card vote, two-thirds majority)"],
    ["vote.record", { outcome: "carried", method: "x", majority: "x", votes_abstain: 4 }, "Vote recorded: Carried"],
    ["vote.record", { part_id: 99, outcome: "fell", votes_for: "7" }, "Vote recorded: Fell"],
    ["vote.record", { part_id: 12 }, "Vote recorded on part (ii)"],
    ["vote.record", { outcome: "maybe" }, "Vote recorded"],
    ["vote.record", { outcome: 3 }, "Vote recorded"],
    ["signup.create", {}, "Practice signed up"],
  ])("%s %j: %s", (action, after, text) => {
    expect(inWords(action, after)).toEqual({ text, details: [] });
  });

  it("says what an edit changed, a sentence each", () => {
    const before = { number: "draft-12", title: "A", proposer: "AVON", seconder: null, kind: "motion", marking: "A", section_id: 1, parent_motion_id: null, preamble: "" };
    const after = { number: "5a", title: "", proposer: "AVON", seconder: "DEVON", kind: "composite", marking: "debate", section_id: 2, parent_motion_id: 3, preamble: "Now" };
    expect(inWords("motion.update", after, before)).toEqual({
      text: "Edited",
      details: [
        "Number changed from none to 5a",
        "Title changed from “A” to nothing",
        "Seconder changed from nothing to “DEVON”",
        "Now a composite",
        "Marked for debate",
        "Moved to another section",
        "Attached to another motion",
        "Preamble reworded: was nothing, now “Now”",
      ],
    });
  });

  it.each([
    ["a new number, a kind and marking it has no words for", { number: "5", kind: "motion" }, { number: "6", kind: "", marking: "zz" }, ["Number changed from 5 to 6", "Now a motion", "Marked differently"]],
    ["a title and proposer changed", { title: "Old", proposer: "AVON" }, { title: "New", proposer: "DEVON" }, ["Title changed from “Old” to “New”", "Proposer changed from “AVON” to “DEVON”"]],
    ["a value gone missing that was never there", {}, { title: null }, []],
    ["no before", null, { title: "B" }, []],
    [
      "parts reworded and added",
      { parts: [{ label: "i", text: "Same" }, { label: "ii", text: "Old" }] },
      { parts: [{ label: "i", text: "Same" }, { label: "ii", text: "New" }, { text: "Added" }] },
      ["Part (ii) reworded: was “Old”, now “New”", "Part (iii) added: “Added”"],
    ],
    ["parts removed", { parts: [{ text: "Gone" }, { label: "", text: "Gone too" }] }, { parts: [] }, ["Part (i) removed: it read “Gone”", "Part (ii) removed: it read “Gone too”"]],
    ["parts that are not a list", { parts: [{ text: "Gone" }] }, { parts: "x" }, ["Part (i) removed: it read “Gone”"]],
  ])("an edit: %s", (_name, before, after, details) => {
    expect(inWords("motion.update", after, before)).toEqual({ text: "Edited", details });
  });
});

describe("audited actions in words", () => {
  it.each([
    ["vote.correct", "Vote corrected"],
    ["user.email_verified", "Email address confirmed"],
    ["foo.bar_baz", "Foo bar baz"],
    ["x.._y", "X y"],
  ])("%s reads %j", (action, words) => {
    expect(actionInWords(action)).toBe(words);
  });
});

describe("a record's history in words", () => {
  const event = (over: { before: unknown; after: unknown; action?: string; actorName?: string | null }) => ({
    id: 1,
    action: "conference.update",
    actorName: "Ann",
    createdAt: "2026-04-01T10:00:00.000Z",
    reason: "why",
    ...over,
  });

  it("says what changed in any other record, a field a sentence, and leaves out bookkeeping", () => {
    const before = { id: 1, name: "Old", source_url: null, noted_on: "2026-04-01", revoked_on: null, lmc_id: 3, updated_at: "x", version: 1, password_hash: "a", data_json: "{}", is_signatory: 0, open: false, same: "s", nested: { a: 1 }, count: 3 };
    const after = { id: 2, name: "New", source_url: "https://example.org", noted_on: "2026-05-02", revoked_on: "2026-04-20T09:30:00Z", lmc_id: 4, updated_at: "y", version: 2, password_hash: "b", data_json: "{1}", is_signatory: 1, open: true, same: "s", nested: { a: 2 }, count: 0, added: "x" };
    expect(historyInWords("clause", [event({ action: "clause.update", before, after, actorName: null })])).toEqual([
      {
        id: 1,
        at: "2026-04-01T10:00:00.000Z",
        who: "the system",
        text: "Clause edited",
        details: [
          "Name changed from “Old” to “New”",
          "Source changed from none to “https://example.org”",
          "Noted on changed from 1 April 2026 to 2 May 2026",
          "Revoked on changed from none to 20 April 2026",
          "Signatory changed from no to yes",
          "Open changed from no to yes",
          "Count changed from “3” to “0”",
        ],
        reason: "why",
      },
    ]);
  });

  it.each([
    ["no before", null, { a: 1 }],
    ["a before that is not a record", "x", { a: 1 }],
    ["an after that is not a record", { a: 1 }, "x"],
  ])("has no details for %s", (_name, before, after) => {
    expect(historyInWords("user", [event({ action: "user.update", before, after })])[0]).toMatchObject({ who: "Ann", text: "Account edited", details: [] });
  });

  it("words a motion's events as a motion's, naming its parts when given their labels", () => {
    const vote = event({ action: "vote.record", before: null, after: { part_id: 11, outcome: "carried" } });
    expect(historyInWords("motion", [vote], labels)[0]).toMatchObject({ text: "Vote recorded on part (i): Carried", details: [] });
    expect(historyInWords("motion", [vote])[0]).toMatchObject({ text: "Vote recorded: Carried" });
  });
});
