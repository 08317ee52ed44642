import { describe, expect, it } from "vitest";
import { actionInWords, historyInWords, motionEventInWords } from "../../app/domain/audit-words";
import { ROLES } from "../../app/domain/permissions";
import { powersInWords } from "../../app/domain/powers";

const labels = new Map([
  [11, "i"],
  [12, "ii"],
]);
const event = (action: string, after: unknown, before: unknown = null, reason: string | null = null) => ({ action, after, before, reason });

describe("the full history of a motion, in words", () => {
  it.each([
    ["a draft made", event("motion.create", { state: "draft", number: "draft-0a1b2c3d4e5f" }), "Drafted"],
    ["a motion added straight to the agenda", event("motion.create", { state: "agenda", number: "5" }), "Added to the agenda as motion 5"],
    ["a submission", event("motion.submit", { state: "submitted" }), "Submitted to the conference"],
    ["an acceptance, with the number it got", event("motion.accept", { state: "agenda", number: "12" }), "Accepted onto the agenda as motion 12"],
    ["a rejection", event("motion.reject", { state: "rejected" }), "Rejected by the agenda committee"],
    ["a merge", event("motion.merge", { composite_id: 40, composite_number: "14" }), "Merged into composite motion 14"],
    ["an old state change", event("motion.set_state", { state: "agenda" }), "Moved to: on the agenda"],
    [
      "a vote with counts",
      event("vote.record", { part_id: 12, method: "electronic", majority: "two_thirds", votes_for: 200, votes_against: 120, votes_abstain: 4, outcome: "lost" }),
      "Vote recorded on part (ii): Lost: 200 for, 120 against, 4 abstaining (electronic, two-thirds majority)",
    ],
    ["a vote by show of hands", event("vote.correct", { part_id: 11, method: "show_of_hands", majority: "simple", votes_for: null, votes_against: null, outcome: "carried" }), "Vote corrected on part (i): Carried (show of hands, simple majority)"],
    ["a vote on a part no longer there", event("vote.record", { part_id: 99, outcome: "fell" }), "Vote recorded: Fell"],
  ])("%s", (_name, e, text) => {
    expect(motionEventInWords(e, labels)).toEqual({ text, details: [] });
  });

  it("says what an edit changed, sentence by sentence, never a field name", () => {
    const before = { number: "5", title: "Old", proposer: "AVON", seconder: null, marking: "debate", preamble: "", section_id: 1, parts: [{ label: "i", text: "One." }, { label: "ii", text: "Two." }] };
    const after = { number: "5", title: "New", proposer: "AVON", seconder: "DEVON", marking: "A", preamble: "That conference:", section_id: 2, parts: [{ text: "One, reworded." }] };
    expect(motionEventInWords(event("motion.update", after, before), labels)).toEqual({
      text: "Edited",
      details: [
        "Title changed from “Old” to “New”",
        "Seconder changed from nothing to “DEVON”",
        "Marked a (taken without debate)",
        "Moved to another section",
        "Preamble reworded: was nothing, now “That conference:”",
        "Part (i) reworded: was “One.”, now “One, reworded.”",
        "Part (ii) removed: it read “Two.”",
      ],
    });
  });

  it("never shows a draft's placeholder as a number", () => {
    const details = motionEventInWords(event("motion.update", { number: "7" }, { number: "draft-0a1b2c3d4e5f" }), labels).details;
    expect(details).toEqual(["Number changed from none to 7"]);
  });
});

describe("other records' history, in words", () => {
  it("names each kind of change, and an unknown one by its words rather than its code", () => {
    expect(actionInWords("conference.update")).toBe("Conference edited");
    expect(actionInWords("session.login")).toBe("Logged in");
    expect(actionInWords("widget.went_sideways")).toBe("Widget went sideways");
  });

  it("says what changed in words, with dates as people write them and no ids or bookkeeping", () => {
    const [line] = historyInWords("conference", [
      {
        id: 1,
        action: "conference.update",
        actorName: null,
        createdAt: "2025-11-08T10:00:00.000Z",
        reason: null,
        before: { title: "Old", held_on: "2025-11-07", body_id: 1, status: "planning", updated_at: "x" },
        after: { title: "Old", held_on: "2025-11-14", body_id: 2, status: "in_session", updated_at: "y" },
      },
    ]);
    expect(line).toEqual({
      id: 1,
      at: "2025-11-08T10:00:00.000Z",
      who: "the system",
      text: "Conference edited",
      details: ["Date changed from 7 November 2025 to 14 November 2025", "Status changed from “planning” to “in session”"],
      reason: null,
    });
  });
});

describe("what a role may do, in words", () => {
  it.each(ROLES)("%s: a sentence for every grant, never a permission string", (role) => {
    const powers = powersInWords(role);
    expect(powers.length).toBeGreaterThan(0);
    for (const power of powers) {
      expect(power).toMatch(/^[A-Z][a-z]/);
      expect(power).not.toMatch(/\w:\w/);
    }
  });
});
