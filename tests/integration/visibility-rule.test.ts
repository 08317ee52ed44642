// The visibility rule is written twice: as plain functions (app/domain/conference-access.ts) for
// one record, and as SQL (app/models/visibility.server.ts) for lists and counts. They must agree
// on every combination of viewer, conference status, body, motion state and proposing LMC.
import { beforeAll, describe, expect, it } from "vitest";
import type { ConferenceStatus, MotionState } from "../../db/types";
import { MOTION_STATES } from "../../app/domain/motion-states";
import { canSeeConference, canSeeMotion, type MotionAccessFacts, type Viewer } from "../../app/domain/conference-access";
import { visibleConferenceFilter, visibleMotionFilter } from "../../app/models/visibility.server";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeLmc, makeMotion } from "../fixtures/factories";

const STATUSES: ConferenceStatus[] = ["planning", "agenda_published", "in_session", "closed", "published"];
const STATES: MotionState[] = [...MOTION_STATES];

interface Case extends MotionAccessFacts {
  conferenceId: number;
  motionId: number;
}

const cases: Case[] = [];
let lmcA = 0;
let lmcB = 0;

beforeAll(async () => {
  const db = getDb();
  lmcA = (await makeLmc(db)).id;
  lmcB = (await makeLmc(db)).id;
  const bodies = [
    { bodyKind: "national" as const, bodyLmcId: null, lmcId: undefined },
    { bodyKind: "lmc" as const, bodyLmcId: lmcA, lmcId: lmcA },
    { bodyKind: "lmc" as const, bodyLmcId: lmcB, lmcId: lmcB },
  ];
  for (const status of STATUSES) {
    for (const body of bodies) {
      const conference = await makeConference(db, { status, lmcId: body.lmcId });
      let n = 1;
      for (const state of STATES) {
        for (const proposerLmcId of [lmcA, lmcB, null]) {
          const motionId = await makeMotion(db, null, conference.id, { number: String(n++), state, proposerLmcId });
          cases.push({ conferenceId: conference.id, motionId, status, bodyKind: body.bodyKind, bodyLmcId: body.bodyLmcId, state, proposerLmcId });
        }
      }
    }
  }
});

const viewers: [string, () => Viewer | null][] = [
  ["the public", () => null],
  ["a GP", () => ({ id: 1, role: "gp", lmcId: null })],
  ["an administrator", () => ({ id: 2, role: "admin", lmcId: null })],
  ["BMA staff", () => ({ id: 3, role: "bma_staff", lmcId: null })],
  ["LMC A's secretary", () => ({ id: 4, role: "lmc_secretary", lmcId: lmcA })],
  ["LMC B's secretary", () => ({ id: 5, role: "lmc_secretary", lmcId: lmcB })],
  ["a secretary with no LMC", () => ({ id: 6, role: "lmc_secretary", lmcId: null })],
];

describe("the SQL visibility rule and the pure rule agree", () => {
  it("covers every combination", () => {
    expect(cases).toHaveLength(STATUSES.length * 3 * STATES.length * 3);
  });

  it.each(viewers)("on which motions %s sees", async (_name, viewerOf) => {
    const viewer = viewerOf();
    const rows = await getDb()
      .selectFrom("motions")
      .innerJoin("conferences", "conferences.id", "motions.conference_id")
      .innerJoin("bodies", "bodies.id", "conferences.body_id")
      .select("motions.id")
      .where("motions.id", "in", cases.map((c) => c.motionId))
      .where(visibleMotionFilter(viewer))
      .execute();
    const expected = cases.filter((c) => canSeeMotion(viewer, c)).map((c) => c.motionId);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    // Each viewer sees some motions and misses others, so the table tests something.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(cases.length);
  });

  it.each(viewers)("on which conferences %s sees", async (_name, viewerOf) => {
    const viewer = viewerOf();
    const conferenceIds = [...new Set(cases.map((c) => c.conferenceId))];
    const rows = await getDb()
      .selectFrom("conferences")
      .innerJoin("bodies", "bodies.id", "conferences.body_id")
      .select("conferences.id")
      .where("conferences.id", "in", conferenceIds)
      .where(visibleConferenceFilter(viewer))
      .execute();
    const expected = conferenceIds.filter((id) => canSeeConference(viewer, cases.find((c) => c.conferenceId === id)!));
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});
