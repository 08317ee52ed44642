// The outcome rules where votes are saved: no result from no votes, motions that cannot take a
// vote, and the clerk's page saving exactly the outcome it showed, corrections included.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAgenda } from "../../app/domain/agenda-parser";
import type { Outcome } from "../../app/domain/vote-outcome";
import { importParsedAgenda } from "../../app/models/motion-transfer.server";
import { recordMotionVotes, recordPartVote } from "../../app/models/votes.server";
import { voteOutcomePreview } from "../../app/schemas/conferences";
import { getDb } from "../../app/utils/db.server";
import { makeConference, makeUser } from "../fixtures/factories";
import { answerOf, requestAs } from "../fixtures/requests";

const AGENDA = [
  "TOPIC",
  "*6  AGENDA COMMITTEE TO BE PROPOSED BY KENT: That conference wants a cap. (replaces motions 6a and 6b)",
  "6a KENT: That conference wants a cap.",
  "6b DEVON: That conference wants a limit.",
  "7  AVON: That conference rejects the offer.",
  "7a RIDER  SHEFFIELD: and further asks for a ballot.",
  "8  ESSEX: That conference agrees.",
].join("\n");

let staffId = 0;
let conferenceId = 0;

beforeAll(async () => {
  staffId = (await makeUser(getDb(), { role: "bma_staff" })).id;
  conferenceId = (await makeConference(getDb())).id;
  await importParsedAgenda(getDb(), staffId, conferenceId, parseAgenda(AGENDA));
});

async function partOf(number: string) {
  return getDb()
    .selectFrom("motion_parts")
    .innerJoin("motions", "motions.id", "motion_parts.motion_id")
    .leftJoin("part_votes", "part_votes.part_id", "motion_parts.id")
    .select(["motion_parts.id", "motions.id as motionId", "part_votes.outcome", "part_votes.version", "part_votes.votes_for", "part_votes.votes_against"])
    .where("motions.conference_id", "=", conferenceId)
    .where("motions.number", "=", number)
    .executeTakeFirstOrThrow();
}

const counted = (partId: number, f: number | null, a: number | null, ab: number | null = 0, version = 0) => ({
  partId,
  method: "electronic" as const,
  majority: "simple" as const,
  for: f,
  against: a,
  abstain: ab,
  version,
});

describe("a vote with no votes for and none against", () => {
  it.each([
    ["abstentions only", 0, 0, 25],
    ["nothing at all", 0, 0, 0],
  ])("(%s) is refused as carried or lost, and saved only as an outcome that needs no counts", async (_name, f, a, ab) => {
    const conf = await makeConference(getDb());
    await importParsedAgenda(getDb(), staffId, conf.id, parseAgenda("TOPIC\n1  AVON: That conference agrees."));
    const part = await getDb()
      .selectFrom("motion_parts")
      .innerJoin("motions", "motions.id", "motion_parts.motion_id")
      .select("motion_parts.id")
      .where("motions.conference_id", "=", conf.id)
      .executeTakeFirstOrThrow();
    for (const outcome of [undefined, "lost", "carried"] as const) {
      expect(await recordPartVote(getDb(), staffId, { ...counted(part.id, f, a, ab), outcome })).toMatchObject({ ok: false, field: "outcome", message: expect.stringMatching(/neither carried nor lost/) });
    }
    expect(await getDb().selectFrom("part_votes").select("part_id").where("part_id", "=", part.id).execute()).toEqual([]);
    expect(await recordPartVote(getDb(), staffId, { ...counted(part.id, f, a, ab), outcome: "withdrawn" })).toMatchObject({ ok: true, outcome: "withdrawn" });
  });
});

describe("motions that cannot take a vote", () => {
  it("a motion replaced by a composite takes no counts, with a clear message, and may be recorded as fell", async () => {
    const part = await partOf("6a");
    expect(await recordMotionVotes(getDb(), staffId, [counted(part.id, 100, 20)])).toEqual({
      ok: false,
      errors: [{ partId: part.id, field: "for", message: "Motion 6a was replaced by composite 6, so it cannot take a vote: conference votes on the composite. Record it as fell, withdrawn or not reached." }],
    });
    expect(await recordMotionVotes(getDb(), staffId, [{ ...counted(part.id, null, null, null), method: "show_of_hands", outcome: "carried" }])).toMatchObject({ ok: false, errors: [{ field: "outcome" }] });
    expect(await recordMotionVotes(getDb(), staffId, [{ ...counted(part.id, null, null, null), method: "show_of_hands", outcome: "fell" }])).toEqual({ ok: true });
  });

  it("a rider takes a vote while its motion stands, and none once its motion is lost", async () => {
    const seven = await partOf("7");
    const rider = await partOf("7a");
    expect(await recordPartVote(getDb(), staffId, counted(seven.id, 10, 200))).toMatchObject({ ok: true, outcome: "lost" });
    expect(await recordPartVote(getDb(), staffId, counted(rider.id, 150, 20))).toMatchObject({
      ok: false,
      message: "Rider 7a cannot take a vote: its motion 7 was lost, so the rider falls with it. Record it as fell, withdrawn or not reached.",
    });
    // Corrected to carried, the motion stands again and so does the rider's vote.
    expect(await recordPartVote(getDb(), staffId, { ...counted(seven.id, 200, 10, 0, 1), reason: "Counts transposed" })).toMatchObject({ ok: true, outcome: "carried" });
    expect(await recordPartVote(getDb(), staffId, counted(rider.id, 150, 20))).toMatchObject({ ok: true, outcome: "carried" });
  });

  it("the clerk's page says why, and offers only the outcomes such a motion may have", async () => {
    const mod = await import("../../app/routes/motions.$id_.votes");
    const part = await partOf("6b");
    const answer = await answerOf(async () => mod.loader({ request: await requestAs(staffId, "/x"), params: { id: String(part.motionId) }, context: { cspNonce: "" } }));
    expect(answer.data).toMatchObject({ standing: { canVote: false, message: expect.stringMatching(/^Motion 6b was replaced by composite 6/) } });
  });
});

describe("the clerk's page saves the outcome it showed", () => {
  type Handler = (args: unknown) => Promise<unknown>;
  const votes = async () => (await import("../../app/routes/motions.$id_.votes")) as unknown as { loader: Handler; action: Handler };
  const load = async (motionId: number) =>
    (await answerOf(async () => (await votes()).loader({ request: await requestAs(staffId, "/x"), params: { id: String(motionId) }, context: { cspNonce: "" } }))).data as {
      parts: { id: number; chosen: Outcome | null; version: number; method: string; majority: string }[];
    };
  const save = async (motionId: number, fields: Record<string, string>) =>
    answerOf(async () => (await votes()).action({ request: await requestAs(staffId, "/x", { method: "POST", body: new URLSearchParams(fields) }), params: { id: String(motionId) }, context: { cspNonce: "" } }));

  it("recomputes a corrected vote from its counts: carried, corrected to lost", async () => {
    const part = await partOf("8");
    const prefix = `part-${part.id}-`;
    const post = (f: string, a: string, extra: Record<string, string> = {}) =>
      save(part.motionId, { [`${prefix}method`]: "electronic", [`${prefix}majority`]: "simple", [`${prefix}for`]: f, [`${prefix}against`]: a, [`${prefix}abstain`]: "2", [`${prefix}outcome`]: "", ...extra });
    expect((await post("60", "40", { [`${prefix}version`]: "0" })).status).toBe(302);
    expect(await partOf("8")).toMatchObject({ outcome: "carried", version: 1 });
    // The form offers no chosen outcome for a vote the counts decided, so new counts decide again.
    expect((await load(part.motionId)).parts[0]).toMatchObject({ chosen: null, version: 1 });
    expect((await post("40", "60", { [`${prefix}version`]: "1", [`${prefix}reason`]: "For and against read the wrong way round" })).status).toBe(302);
    expect(await partOf("8")).toMatchObject({ outcome: "lost", version: 2, votes_for: 40, votes_against: 60 });
  });

  it("whatever the counts and choice, saving records what the page showed, or refuses and records nothing", async () => {
    const conf = await makeConference(getDb());
    await importParsedAgenda(getDb(), staffId, conf.id, parseAgenda("TOPIC\n1  AVON: That conference agrees."));
    const motion = await getDb().selectFrom("motions").select("id").where("conference_id", "=", conf.id).executeTakeFirstOrThrow();
    const count = fc.oneof(fc.constant(""), fc.constant("0"), fc.nat(300).map(String), fc.constant("-3"), fc.constant("1e2"));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("electronic", "card", "show_of_hands"),
        fc.constantFrom("simple", "two_thirds"),
        count,
        count,
        count,
        fc.constantFrom("", "carried", "carried_unanimously", "lost", "withdrawn", "fell", "carried_as_reference"),
        async (method, majority, f, a, ab, outcome) => {
          const [part] = (await load(motion.id)).parts;
          const fields = { method, majority, for: f, against: a, abstain: ab, outcome };
          const shown = voteOutcomePreview(part!.id, fields, { canVote: true });
          const before = await getDb().selectFrom("part_votes").selectAll().where("part_id", "=", part!.id).executeTakeFirst();
          const prefix = `part-${part!.id}-`;
          const posted = Object.fromEntries([...Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]), [`${prefix}version`, String(part!.version)], [`${prefix}reason`, "Correction"]]);
          const answer = await save(motion.id, posted);
          const after = await getDb().selectFrom("part_votes").selectAll().where("part_id", "=", part!.id).executeTakeFirst();
          if (shown.ok) {
            expect(answer.status).toBe(302);
            expect(after!.outcome).toBe(shown.outcome);
          } else {
            expect(answer.status).toBe(400);
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
