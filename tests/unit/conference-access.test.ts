import { describe, expect, it } from "vitest";
import { bodyRelation, canDraftMotion, canRunConference, canSeeConference, canSeeMotion, deadlinePassed, type MotionAccessFacts, type Viewer } from "../../app/domain/conference-access";

const staff: Viewer = { id: 1, role: "bma_staff", lmcId: null };
const secretary: Viewer = { id: 2, role: "lmc_secretary", lmcId: 7 };
const otherSecretary: Viewer = { id: 3, role: "lmc_secretary", lmcId: 8 };
const gp: Viewer = { id: 4, role: "gp", lmcId: null };
const admin: Viewer = { id: 5, role: "admin", lmcId: null };

const national = (status: "planning" | "published" = "published", submissionDeadline: string | null = null) => ({
  status,
  bodyKind: "national" as const,
  bodyLmcId: null,
  submissionDeadline,
});
const lmcMeeting = { status: "in_session" as const, bodyKind: "lmc" as const, bodyLmcId: 7, submissionDeadline: null };

describe("who runs a conference", () => {
  it.each([
    ["BMA staff run national conferences", staff, national(), true],
    ["an LMC secretary does not run national conferences", secretary, national(), false],
    ["an LMC secretary runs their own LMC's meetings", secretary, lmcMeeting, true],
    ["another LMC's secretary does not", otherSecretary, lmcMeeting, false],
    ["BMA staff do not run an LMC's own meetings", staff, lmcMeeting, false],
    ["administrators run none", admin, national(), false],
    ["the public runs none", null, national(), false],
  ] as const)("%s", (_name, viewer, conference, expected) => {
    expect(canRunConference(viewer, conference)).toBe(expected);
  });
});

describe("who sees a conference", () => {
  it("the public sees a conference once its agenda is out, not while it is planned", () => {
    expect(canSeeConference(null, national("published"))).toBe(true);
    expect(canSeeConference(null, national("planning"))).toBe(false);
    expect(canSeeConference(gp, national("planning"))).toBe(false);
  });

  it("secretaries see national conferences being planned, to draft motions for them", () => {
    expect(canSeeConference(secretary, national("planning"))).toBe(true);
  });
});

describe("the submission deadline", () => {
  const now = new Date("2026-09-30T23:59:00Z");
  it("is open until the end of the deadline day", () => {
    expect(deadlinePassed("2026-09-30", now)).toBe(false);
    expect(deadlinePassed("2026-09-29", now)).toBe(true);
    expect(deadlinePassed(null, now)).toBe(false);
  });

  it("an empty deadline is no deadline", () => {
    expect(deadlinePassed("", now)).toBe(false);
  });

  it("stops secretaries drafting after it, but not staff", () => {
    expect(canDraftMotion(secretary, national("planning", "2026-09-30"), now)).toBe(true);
    expect(canDraftMotion(secretary, national("planning", "2026-09-29"), now)).toBe(false);
    expect(canDraftMotion(staff, national("planning", "2026-09-29"), now)).toBe(true);
    expect(canDraftMotion(gp, national("planning"), now)).toBe(false);
  });
});

describe("who sees a motion", () => {
  // Secretary 7's LMC (7) and another LMC (8); conferences national or LMC 7's own meetings.
  const motion = (over: Partial<MotionAccessFacts>): MotionAccessFacts => ({
    status: "published",
    bodyKind: "national",
    bodyLmcId: null,
    state: "agenda",
    proposerLmcId: 7,
    ...over,
  });
  it.each([
    ["anyone sees an agenda motion of a published conference", null, motion({}), true],
    ["nobody outside sees an agenda motion of a conference being planned", gp, motion({ status: "planning" }), false],
    ["the public does not see a submission", null, motion({ state: "submitted" }), false],
    ["a GP does not see a draft", gp, motion({ state: "draft" }), false],
    ["a secretary sees their own LMC's draft", secretary, motion({ state: "draft", status: "planning" }), true],
    ["a secretary sees their own LMC's submission", secretary, motion({ state: "submitted" }), true],
    ["a secretary does not see another LMC's draft", otherSecretary, motion({ state: "draft", status: "planning" }), false],
    ["a secretary does not see another LMC's submission", otherSecretary, motion({ state: "submitted" }), false],
    ["a secretary sees another LMC's agenda motion at a national conference being planned", otherSecretary, motion({ status: "planning" }), true],
    ["staff see submissions to national conferences", staff, motion({ state: "submitted", status: "planning" }), true],
    ["staff do not see an LMC's drafts", staff, motion({ state: "draft" }), false],
    ["staff do not see submissions to an LMC's own meeting", staff, motion({ ...lmcMeeting, state: "submitted", proposerLmcId: null }), false],
    ["an LMC's secretary sees submissions to their own meeting", secretary, motion({ ...lmcMeeting, status: "planning", state: "submitted", proposerLmcId: 8 }), true],
    ["another LMC's secretary sees nothing of a meeting being planned", otherSecretary, motion({ ...lmcMeeting, status: "planning" }), false],
    ["nor their own LMC's motion in it", otherSecretary, motion({ ...lmcMeeting, status: "planning", state: "draft", proposerLmcId: 8 }), false],
    ["a draft with no LMC is seen by nobody, not even the runners", staff, motion({ state: "draft", proposerLmcId: null }), false],
    ["administrators see only what the public sees", admin, motion({ state: "submitted" }), false],
  ] as const)("%s", (_name, viewer, facts, expected) => {
    expect(canSeeMotion(viewer, facts)).toBe(expected);
  });
});

describe("a body that holds conferences, as a record", () => {
  it.each([
    ["the national body", { kind: "national" as const, lmc_id: null }, { national: true, lmcId: null }],
    ["an LMC's own meetings", { kind: "lmc" as const, lmc_id: 7 }, { national: false, lmcId: 7 }],
  ])("%s", (_name, body, relation) => {
    expect(bodyRelation(body)).toEqual(relation);
  });
});
