import { describe, expect, it } from "vitest";
import { dayInWords, publicMotionRecord, type MotionEvent } from "../../app/domain/motion-history";

const at = (day: number) => `2025-11-${String(day).padStart(2, "0")}T10:00:00.000Z`;
const event = (id: number, action: string, after: unknown, day: number, reason: string | null = null): MotionEvent => ({ id, action, after, reason, createdAt: at(day) });
const labels = new Map([
  [11, "i"],
  [12, "ii"],
]);

describe("the published record of a motion", () => {
  it("leaves out everything before the motion reached the agenda", () => {
    const events = [
      event(1, "motion.create", { state: "draft", title: "Secret first wording" }, 1),
      event(2, "motion.update", { state: "draft", title: "Second wording" }, 2),
      event(3, "motion.submit", { state: "submitted" }, 3),
      event(4, "motion.accept", { state: "agenda" }, 4),
    ];
    expect(publicMotionRecord(events, labels)).toEqual([{ id: 4, text: "Placed on the agenda on 4 November 2025" }]);
  });

  it("says in words when votes were recorded and corrected, newest first, one line per day", () => {
    const events = [
      event(1, "motion.create", { state: "agenda" }, 6),
      event(2, "vote.record", { part_id: 11, votes_for: 10 }, 7),
      event(3, "vote.record", { part_id: 12, votes_for: 12 }, 7),
      event(4, "vote.correct", { part_id: 12, votes_for: 2 }, 8, "count error"),
      event(5, "motion.update", { state: "agenda", title: "New wording" }, 9),
    ];
    expect(publicMotionRecord(events.reverse(), labels).map((l) => l.text)).toEqual([
      "Motion edited on 9 November 2025",
      "Part (ii) corrected on 8 November 2025: count error",
      "Votes recorded on 7 November 2025",
      "Placed on the agenda on 6 November 2025",
    ]);
  });

  it("never repeats a recorded value, a name or a before-and-after", () => {
    const events = [event(1, "motion.create", { state: "agenda", proposer: "AVON" }, 6), event(2, "vote.correct", { part_id: 99, votes_for: 123456 }, 7)];
    const text = publicMotionRecord(events, labels).map((l) => l.text).join(" ");
    expect(text).not.toMatch(/AVON|123456/);
    expect(text).toContain("A vote corrected on 7 November 2025");
  });

  it("is empty for a motion never put on the agenda", () => {
    expect(publicMotionRecord([event(1, "motion.create", { state: "draft" }, 1), event(2, "vote.record", { part_id: 11 }, 2)], labels)).toEqual([]);
  });

  it("writes dates as people do", () => {
    expect(dayInWords("2025-11-07T23:30:00.000Z")).toBe("7 November 2025");
  });
});

describe("reading the audit events of a motion", () => {
  it.each([
    ["an edit that leaves it on the agenda", event(1, "motion.update", { state: "agenda" }, 3), ["Placed on the agenda on 3 November 2025"]],
    ["a state change to the agenda", event(1, "motion.set_state", { state: "agenda" }, 3), ["Placed on the agenda on 3 November 2025"]],
    ["an event with no after", event(1, "motion.create", null, 3), []],
    ["an event whose after is not an object", event(1, "motion.set_state", "agenda", 3), []],
    ["an event whose after has no state", event(1, "motion.update", { title: "agenda" }, 3), []],
  ])("%s", (_name, first, expected) => {
    expect(publicMotionRecord([first], labels).map((l) => l.text)).toEqual(expected);
  });

  it.each([
    ["a correction with no reason ends at its date", { part_id: 11 }, null, "Part (i) corrected on 8 November 2025"],
    ["a correction with no after names no part", null, "typo", "A vote corrected on 8 November 2025: typo"],
    ["a correction whose after is not an object names no part", "11", null, "A vote corrected on 8 November 2025"],
    ["a correction whose after has no part names no part", { votes_for: 11 }, null, "A vote corrected on 8 November 2025"],
  ])("%s", (_name, after, reason, expected) => {
    const events = [event(1, "motion.accept", { state: "agenda" }, 6), event(2, "vote.correct", after, 8, reason)];
    expect(publicMotionRecord(events, labels)[0]!.text).toBe(expected);
  });

  it.each([
    ["named by its number", { composite_number: "14" }, "Replaced by composite motion 14 on 8 November 2025"],
    ["with no number yet", { composite_number: null }, "Replaced by a composite on 8 November 2025"],
    ["with no after", null, "Replaced by a composite on 8 November 2025"],
    ["whose after is not an object", "14", "Replaced by a composite on 8 November 2025"],
    ["whose after names no composite", { composite_id: 40 }, "Replaced by a composite on 8 November 2025"],
  ])("a motion merged into a composite, %s", (_name, after, text) => {
    const events = [event(1, "motion.accept", { state: "agenda" }, 6), event(2, "motion.merge", after, 8)];
    expect(publicMotionRecord(events, labels)[0]).toEqual({ id: 2, text });
  });

  it("has no words for other kinds of event once on the agenda", () => {
    const events = [event(1, "motion.accept", { state: "agenda" }, 6), event(2, "motion.set_state", { state: "agenda" }, 7), event(3, "resolution.note", {}, 8)];
    expect(publicMotionRecord(events, labels).map((l) => l.text)).toEqual(["Placed on the agenda on 6 November 2025"]);
  });

  it("folds only a run of the same line, not a repeat of an older one", () => {
    const events = [
      event(1, "motion.accept", { state: "agenda" }, 6),
      event(2, "vote.record", { part_id: 11 }, 7),
      event(3, "motion.update", { state: "agenda" }, 8),
      event(4, "motion.update", { state: "agenda" }, 8),
      event(5, "vote.record", { part_id: 12 }, 7),
    ];
    expect(publicMotionRecord(events, labels).map((l) => l.id)).toEqual([5, 3, 2, 1]);
  });
});
