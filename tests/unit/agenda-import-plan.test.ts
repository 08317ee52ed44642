import { describe, expect, it } from "vitest";
import { planAgendaImport, problemKey, type StoredMotion } from "../../app/domain/agenda-import-plan";
import { parseAgenda } from "../../app/domain/agenda-parser";
import { titleFromMotionText } from "../../app/domain/motion-text";

const TEXT = [
  "CONTRACT",
  "7  AVON: That conference rejects the offer.",
  "7a RIDER  KENT: and further asks for a ballot.",
  "8  DEVON: That conference:",
  "    (i)  thanks the negotiators",
  "    (ii) asks for more.",
].join("\n");

/** A stored motion as the last import of TEXT left it. */
function stored(number: string, over: Partial<StoredMotion> = {}): StoredMotion {
  const parsed = parseAgenda(TEXT).motions.find((m) => m.number === number)!;
  const base: StoredMotion = {
    id: Number.parseInt(number, 10) * 10 + (number.endsWith("a") ? 1 : 0),
    number,
    state: "agenda",
    title: titleFromMotionText([parsed.preamble, ...parsed.parts.map((p) => p.text)].join(" ")),
    proposer: parsed.proposer,
    kind: parsed.kind,
    marking: parsed.marking,
    section: parsed.section,
    preamble: parsed.preamble,
    parts: parsed.parts.map((p) => ({ ...p, voted: false })),
    parentNumber: parsed.parentNumber,
    replaces: parsed.replaces,
    groupLead: parsed.groupLead,
  };
  return { ...base, ...over };
}

const none = new Set<string>();

describe("planning an agenda import", () => {
  it("adds every motion to an empty conference, and makes every heading a section", () => {
    const plan = planAgendaImport(parseAgenda(TEXT), [], [], none);
    expect(plan.motions.map((m) => [m.number, m.action])).toEqual([
      ["7", "add"],
      ["7a", "add"],
      ["8", "add"],
    ]);
    expect(plan.sections).toEqual([{ title: "CONTRACT", motions: 3, exists: false }]);
    expect(plan.problems).toEqual([]);
    expect(plan.motions[0]!.title).toBe("Rejects the offer");
  });

  it("leaves a motion unchanged when the text says what is stored", () => {
    const plan = planAgendaImport(parseAgenda(TEXT), [stored("7"), stored("7a"), stored("8")], ["CONTRACT"], none);
    expect(plan.counts).toEqual({ add: 0, update: 0, unchanged: 3, left_out: 0 });
    expect(plan.sections).toEqual([{ title: "CONTRACT", motions: 3, exists: true }]);
  });

  it("updates a motion already in the conference and says what changes", () => {
    const corrected = TEXT.replace("7  AVON:", "7  Avon:").replace("asks for more.", "asks for much more.");
    const plan = planAgendaImport(parseAgenda(corrected), [stored("7"), stored("7a"), stored("8")], ["CONTRACT"], none);
    expect(plan.motions.map((m) => [m.number, m.action, m.changes])).toEqual([
      ["7", "update", [{ field: "proposer", before: "AVON", after: "Avon" }]],
      ["7a", "unchanged", []],
      ["8", "update", [{ field: "part (ii)", before: "asks for more.", after: "asks for much more." }]],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it("adds the motions that are new beside those it updates, and leaves the others alone", () => {
    const plan = planAgendaImport(parseAgenda(`${TEXT}\n9  ESSEX: That conference agrees.`), [stored("7"), stored("7a"), stored("8"), stored("8", { id: 99, number: "12" })], ["CONTRACT"], none);
    expect(plan.counts).toEqual({ add: 1, update: 0, unchanged: 3, left_out: 0 });
    expect(plan.untouched).toBe(1);
  });

  it("keeps a title the clerk edited, and lets one they did not follow the text", () => {
    const corrected = TEXT.replace("rejects the offer", "rejects the revised offer");
    const plan = planAgendaImport(parseAgenda(corrected), [stored("7", { title: "The offer" }), stored("8")], [], none);
    expect(plan.motions[0]!.title).toBe("The offer");
    const followed = planAgendaImport(parseAgenda(corrected), [stored("7"), stored("8")], [], none);
    expect(followed.motions[0]!.title).toBe("Rejects the revised offer");
    expect(followed.motions[0]!.changes).toContainEqual({ field: "title", before: "Rejects the offer", after: "Rejects the revised offer" });
  });

  it.each([
    ["a part's text", (t: string) => t.replace("asks for more.", "asks for less.")],
    ["the preamble", (t: string) => t.replace("8  DEVON: That conference:", "8  DEVON: That conference, again:")],
    ["the number of parts", (t: string) => t.replace("\n    (ii) asks for more.", "")],
  ])("refuses to change %s of a motion that has recorded votes", (_name, change) => {
    const voted = stored("8", { parts: stored("8").parts.map((p, i) => ({ ...p, voted: i === 0 })) });
    const plan = planAgendaImport(parseAgenda(change(TEXT)), [stored("7"), stored("7a"), voted], [], none);
    expect(plan.problems).toMatchObject([{ line: 4, motion: "8", reason: expect.stringMatching(/^motion 8 has recorded votes on part \(i\), and this text changes its .* An import never changes the words a vote was taken on/) }]);
    // Skipping it leaves the stored motion as it is.
    const skipped = planAgendaImport(parseAgenda(change(TEXT)), [stored("7"), stored("7a"), voted], [], new Set(plan.problems.map((p) => p.key)));
    expect(skipped.problems).toEqual([]);
    expect(skipped.motions.find((m) => m.number === "8")!.action).toBe("left_out");
  });

  it("updates the proposer or section of a motion with votes, whose words do not change", () => {
    const voted = stored("8", { parts: stored("8").parts.map((p) => ({ ...p, voted: true })) });
    const plan = planAgendaImport(parseAgenda(TEXT.replace("8  DEVON", "8  Devon")), [stored("7"), stored("7a"), voted], [], none);
    expect(plan.problems).toEqual([]);
    expect(plan.motions.find((m) => m.number === "8")).toMatchObject({ action: "update", changes: [{ field: "proposer", before: "DEVON", after: "Devon" }] });
  });

  it("will not take over a number held by a draft or submission", () => {
    const plan = planAgendaImport(parseAgenda(TEXT), [stored("8", { state: "submitted" })], [], none);
    expect(plan.problems).toMatchObject([{ motion: "8", reason: expect.stringMatching(/already taken in this conference by a motion that is not on the agenda/) }]);
  });

  it("attaches a rider to its motion already on the agenda, though the text leaves the motion out", () => {
    const text = "CONTRACT\n7a RIDER  KENT: and further asks for a ballot.";
    expect(parseAgenda(text).problems).toMatchObject([{ motion: "7a", missing: ["7"] }]);
    const plan = planAgendaImport(parseAgenda(text), [stored("7")], [], none);
    expect(plan.problems).toEqual([]);
    expect(plan.motions).toMatchObject([{ number: "7a", parentNumber: "7", action: "add" }]);
  });

  it("flags a rider whose motion is nowhere, and leaves it out when the clerk skips it", () => {
    const text = "CONTRACT\n6  AVON: That conference agrees.\n7a RIDER  KENT: and further asks for a ballot.";
    const plan = planAgendaImport(parseAgenda(text), [], [], none);
    expect(plan.problems).toMatchObject([{ line: 3, motion: "7a", missing: ["7"] }]);
    const skipped = planAgendaImport(parseAgenda(text), [], [], new Set([plan.problems[0]!.key]));
    expect(skipped.problems).toEqual([]);
    expect(skipped.skipped).toHaveLength(1);
    expect(skipped.motions.map((m) => [m.number, m.action])).toEqual([
      ["6", "add"],
      ["7a", "left_out"],
    ]);
  });

  it("flags the riders of a motion the clerk leaves out, when their motion is not on the agenda either", () => {
    const text = "CONTRACT\n7  AVON: That conference:\n(i) one\n(iii) three\n7a RIDER  KENT: and further asks for a ballot.";
    const first = planAgendaImport(parseAgenda(text), [], [], none);
    expect(first.problems.map((p) => p.motion)).toEqual(["7"]);
    const second = planAgendaImport(parseAgenda(text), [], [], new Set(first.problems.map((p) => p.key)));
    expect(second.problems).toMatchObject([{ motion: "7a", missing: ["7"] }]);
    expect(second.motions.map((m) => m.action)).toEqual(["left_out", "add"]);
  });

  it("holds a skip decision only for the problem it was made on", () => {
    const text = "CONTRACT\nSome stray words\n6  AVON: That conference agrees.";
    const plan = planAgendaImport(parseAgenda(text), [], [], none);
    const key = plan.problems[0]!.key;
    expect(planAgendaImport(parseAgenda(text), [], [], new Set([key])).problems).toEqual([]);
    // The clerk edits the text: the same line now holds other words, and the old decision does not cover it.
    const edited = text.replace("Some stray words", "Other stray words");
    expect(planAgendaImport(parseAgenda(edited), [], [], new Set([key])).problems).toHaveLength(1);
    expect(key).toBe(problemKey(plan.problems[0]!));
  });

  it("lists a heading with no motions under it as a section of its own", () => {
    const plan = planAgendaImport(parseAgenda(`PART I – MOTIONS FOR DEBATE\n${TEXT}`), [], [], none);
    expect(plan.sections).toEqual([
      { title: "PART I – MOTIONS FOR DEBATE", motions: 0, exists: false },
      { title: "CONTRACT", motions: 3, exists: false },
    ]);
  });
});
