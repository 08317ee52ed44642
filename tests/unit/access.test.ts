// The access table: every role (and the public) x every action x every relation to the record,
// with its answer, from app/domain/access.ts, the one module that decides. Then the scope each
// answer comes from, the grants it reads, the reach the SQL twin is built from, and a guard that
// no role literal comes back anywhere else in app/.
import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import {
  ACCESS_ROLES,
  ACTIONS,
  actorOfRole,
  allowingScope,
  can,
  conferenceReachOf,
  needsNhsEmail,
  permissionsChecked,
  roleActsForAnLmc,
  rolesAllowed,
  SELF_REGISTERED_ROLE,
  type AccessRole,
  type Action,
  type Actor,
  type RecordRelation,
  type Scope,
} from "../../app/domain/access";
import { permissionsOf, ROLES } from "../../app/domain/permissions";

// Secretaries are secretary of LMC 7; another LMC is 8. User ids: 11 to 14; someone else is 99.
const MY_LMC = 7;
const OTHER_LMC = 8;
const SOMEONE_ELSE = 99;
// Every account here has confirmed its email address; "a GP who has not" is tested on its own below.
const ACTORS: Record<AccessRole, Actor | null> = {
  public: null,
  gp: { id: 11, role: "gp", lmcId: null, emailVerified: true },
  lmc_secretary: { id: 12, role: "lmc_secretary", lmcId: MY_LMC, emailVerified: true },
  bma_staff: { id: 13, role: "bma_staff", lmcId: null, emailVerified: true },
  admin: { id: 14, role: "admin", lmcId: null, emailVerified: true },
};

interface Relation {
  /** How the record stands to the user, in words. */
  name: string;
  relation: (actor: Actor | null) => RecordRelation;
  /** The scopes an answer of yes may come from, for this relation. */
  scopes: readonly (Scope | "public")[];
}

// Records of a practice (sign-ups, notices, pledges, participation cells) and of the site.
const PRACTICE_RECORDS = {
  none: {
    name: "a record of a practice they do not belong to, in another LMC, owned by someone else",
    relation: () => ({ practiceMember: false, practiceSignatory: false, lmcId: OTHER_LMC, ownerId: SOMEONE_ELSE }),
    scopes: ["any"],
  },
  member: {
    name: "a record of a practice they are a member of",
    relation: () => ({ practiceMember: true, practiceSignatory: false, lmcId: OTHER_LMC, ownerId: SOMEONE_ELSE }),
    scopes: ["practice", "any"],
  },
  signatory: {
    name: "a record of a practice they are a signatory of",
    relation: () => ({ practiceMember: true, practiceSignatory: true, lmcId: OTHER_LMC, ownerId: SOMEONE_ELSE }),
    scopes: ["practice", "any"],
  },
  lmc: {
    name: "a record of a practice in the LMC they are secretary of, on the date",
    relation: () => ({ practiceMember: false, practiceSignatory: false, lmcId: MY_LMC, ownerId: SOMEONE_ELSE }),
    scopes: ["lmc", "any"],
  },
  own: {
    name: "their own record",
    relation: (actor) => ({ lmcId: OTHER_LMC, ownerId: actor?.id ?? SOMEONE_ELSE }),
    scopes: ["own", "any"],
  },
  any: {
    name: "no particular record (any: a list, or a new record of their own)",
    relation: () => ({}),
    scopes: ["any", "own"],
  },
} satisfies Record<string, Relation>;

// Conferences: national ones (run by staff) and LMCs' own meetings.
const CONFERENCE_RECORDS = {
  nationalPlanned: {
    name: "a national conference being planned, submissions open",
    relation: () => ({ national: true, lmcId: null, published: false, submissionsOpen: true }),
    scopes: ["any", "lmc"],
  },
  nationalClosed: {
    name: "a national conference being planned, after its deadline",
    relation: () => ({ national: true, lmcId: null, published: false, submissionsOpen: false }),
    scopes: ["any", "lmc"],
  },
  nationalOut: {
    name: "a national conference whose agenda is out",
    relation: () => ({ national: true, lmcId: null, published: true, submissionsOpen: false }),
    scopes: ["public", "any"],
  },
  myMeetingPlanned: {
    name: "a meeting being planned of the LMC they are secretary of",
    relation: () => ({ national: false, lmcId: MY_LMC, published: false, submissionsOpen: true }),
    scopes: ["lmc"],
  },
  myMeetingOut: {
    name: "a meeting with its agenda out of the LMC they are secretary of",
    relation: () => ({ national: false, lmcId: MY_LMC, published: true, submissionsOpen: true }),
    scopes: ["public", "lmc"],
  },
  otherMeetingPlanned: {
    name: "another LMC's meeting being planned",
    relation: () => ({ national: false, lmcId: OTHER_LMC, published: false, submissionsOpen: true }),
    scopes: [],
  },
  otherMeetingOut: {
    name: "another LMC's meeting with its agenda out",
    relation: () => ({ national: false, lmcId: OTHER_LMC, published: true, submissionsOpen: true }),
    scopes: ["public"],
  },
} satisfies Record<string, Relation>;

const national = (published: boolean, submissionsOpen: boolean) => ({ national: true, lmcId: null, published, submissionsOpen });
const MOTION_RECORDS = {
  agendaOut: {
    name: "another LMC's motion on the agenda of a national conference whose agenda is out",
    relation: () => ({ ...national(true, false), motionState: "agenda", proposerLmcId: OTHER_LMC }),
    scopes: ["public", "any"],
  },
  myDraft: {
    name: "their LMC's draft to a national conference, submissions open",
    relation: () => ({ ...national(false, true), motionState: "draft", proposerLmcId: MY_LMC }),
    scopes: ["lmc"],
  },
  myDraftClosed: {
    name: "their LMC's draft to a national conference, after the deadline",
    relation: () => ({ ...national(false, false), motionState: "draft", proposerLmcId: MY_LMC }),
    scopes: ["lmc"],
  },
  mySubmission: {
    name: "their LMC's submission to a national conference, submissions open",
    relation: () => ({ ...national(false, true), motionState: "submitted", proposerLmcId: MY_LMC }),
    scopes: ["lmc", "any"],
  },
  otherDraft: {
    name: "another LMC's draft to a national conference",
    relation: () => ({ ...national(false, true), motionState: "draft", proposerLmcId: OTHER_LMC }),
    scopes: [],
  },
  otherSubmission: {
    name: "another LMC's submission to a national conference",
    relation: () => ({ ...national(false, true), motionState: "submitted", proposerLmcId: OTHER_LMC }),
    scopes: ["any"],
  },
  myAgendaOut: {
    name: "their LMC's motion on the agenda of a national conference whose agenda is out",
    relation: () => ({ ...national(true, false), motionState: "agenda", proposerLmcId: MY_LMC }),
    scopes: ["public", "lmc", "any"],
  },
  submissionToMyMeeting: {
    name: "another LMC's submission to a planned meeting of the LMC they are secretary of",
    relation: () => ({ national: false, lmcId: MY_LMC, published: false, submissionsOpen: true, motionState: "submitted", proposerLmcId: OTHER_LMC }),
    scopes: ["lmc"],
  },
  myDraftAtOtherMeeting: {
    name: "their LMC's draft to another LMC's planned meeting",
    relation: () => ({ national: false, lmcId: OTHER_LMC, published: false, submissionsOpen: true, motionState: "draft", proposerLmcId: MY_LMC }),
    scopes: [],
  },
  myRejected: {
    name: "their LMC's submission to a national conference, rejected by the agenda committee",
    relation: () => ({ ...national(false, true), motionState: "rejected", proposerLmcId: MY_LMC }),
    scopes: ["lmc", "any"],
  },
  otherRejected: {
    name: "another LMC's submission to a national conference, rejected by the agenda committee",
    relation: () => ({ ...national(false, true), motionState: "rejected", proposerLmcId: OTHER_LMC }),
    scopes: ["any"],
  },
  orphanDraft: {
    name: "a draft with no LMC at a national conference whose agenda is out",
    relation: () => ({ ...national(true, false), motionState: "draft", proposerLmcId: null }),
    scopes: [],
  },
} satisfies Record<string, Relation>;

type PracticeRecord = keyof typeof PRACTICE_RECORDS;
type ConferenceRecord = keyof typeof CONFERENCE_RECORDS;
type MotionRecord = keyof typeof MOTION_RECORDS;

const ALL_PRACTICE = Object.keys(PRACTICE_RECORDS) as PracticeRecord[];
const PUBLISHED: ConferenceRecord[] = ["nationalOut", "myMeetingOut", "otherMeetingOut"];
const NATIONAL: ConferenceRecord[] = ["nationalPlanned", "nationalClosed", "nationalOut"];

/** For each action, the kind of record and, for each role, the records it may do it to (none listed: no). */
type Row =
  | { records: "practice"; yes: Partial<Record<AccessRole, readonly PracticeRecord[]>> }
  | { records: "conference"; yes: Partial<Record<AccessRole, readonly ConferenceRecord[]>> }
  | { records: "motion"; yes: Partial<Record<AccessRole, readonly MotionRecord[]>> };

const TABLE: Record<Action, Row> = {
  // A practice's own acts need signatory rights there; staff read every practice's, act for none.
  "sign-up-practice": { records: "practice", yes: { gp: ["signatory"] } },
  "see-practice-signups": { records: "practice", yes: { gp: ["member", "signatory"], bma_staff: ALL_PRACTICE } },
  "record-notice": { records: "practice", yes: { gp: ["signatory"] } },
  "see-notices": { records: "practice", yes: { gp: ["member", "signatory"], bma_staff: ALL_PRACTICE } },
  pledge: { records: "practice", yes: { gp: ["own", "any"] } },
  // LMCs never organise industrial action.
  "manage-campaigns": { records: "practice", yes: { bma_staff: ALL_PRACTICE } },
  "export-signed-practices": { records: "practice", yes: { bma_staff: ALL_PRACTICE } },
  // A secretary sees their own LMC's figures exactly, never which practice signed.
  "see-exact-participation": { records: "practice", yes: { lmc_secretary: ["lmc"], bma_staff: ALL_PRACTICE } },

  "run-conference": { records: "conference", yes: { lmc_secretary: ["myMeetingPlanned", "myMeetingOut"], bma_staff: NATIONAL } },
  "see-conference": {
    records: "conference",
    yes: {
      public: PUBLISHED,
      gp: PUBLISHED,
      admin: PUBLISHED,
      lmc_secretary: [...NATIONAL, "myMeetingPlanned", "myMeetingOut", "otherMeetingOut"],
      bma_staff: [...NATIONAL, "myMeetingOut", "otherMeetingOut"],
    },
  },
  "draft-motion": { records: "conference", yes: { lmc_secretary: ["nationalPlanned", "myMeetingPlanned", "myMeetingOut"], bma_staff: NATIONAL } },
  "see-motion": {
    records: "motion",
    yes: {
      public: ["agendaOut", "myAgendaOut"],
      gp: ["agendaOut", "myAgendaOut"],
      admin: ["agendaOut", "myAgendaOut"],
      lmc_secretary: ["agendaOut", "myDraft", "myDraftClosed", "mySubmission", "myAgendaOut", "submissionToMyMeeting", "myRejected"],
      bma_staff: ["agendaOut", "mySubmission", "otherSubmission", "myAgendaOut", "myRejected", "otherRejected"],
    },
  },
  "see-motion-history": {
    records: "motion",
    yes: {
      lmc_secretary: ["myDraft", "myDraftClosed", "mySubmission", "myAgendaOut", "submissionToMyMeeting", "myRejected"],
      bma_staff: ["agendaOut", "mySubmission", "otherSubmission", "myAgendaOut", "myRejected", "otherRejected"],
    },
  },
  // Drafts stay with their LMC until submitted; after the deadline only the runners edit.
  "edit-motion": {
    records: "motion",
    yes: { lmc_secretary: ["myDraft", "mySubmission", "submissionToMyMeeting"], bma_staff: ["agendaOut", "mySubmission", "otherSubmission", "myAgendaOut"] },
  },
  "submit-motion": { records: "motion", yes: { lmc_secretary: ["myDraft"] } },
  // The agenda committee decides submissions (accept, reject, merge) from its queue; a decided motion is not in it.
  "accept-motion": { records: "motion", yes: { lmc_secretary: ["submissionToMyMeeting"], bma_staff: ["mySubmission", "otherSubmission"] } },
  "review-submissions": { records: "conference", yes: { lmc_secretary: ["myMeetingPlanned", "myMeetingOut"], bma_staff: NATIONAL } },
  // Votes themselves are refused off the agenda (app/models/votes.server.ts); this is who runs the vote.
  "record-votes": {
    records: "motion",
    yes: { lmc_secretary: ["submissionToMyMeeting"], bma_staff: ["agendaOut", "mySubmission", "otherSubmission", "myAgendaOut", "myRejected", "otherRejected"] },
  },
  "manage-clauses": { records: "practice", yes: { bma_staff: ALL_PRACTICE } },
  "update-resolution-progress": { records: "practice", yes: { bma_staff: ALL_PRACTICE } },

  "read-account": { records: "practice", yes: { gp: ["own", "any"], lmc_secretary: ["own", "any"], bma_staff: ["own", "any"], admin: ["own", "any"] } },
  // Their own address, password, notifications and followed resolutions; nobody else's.
  "update-account": { records: "practice", yes: { gp: ["own", "any"], lmc_secretary: ["own", "any"], bma_staff: ["own", "any"], admin: ["own", "any"] } },
  // Their own account, and nobody else's.
  "delete-account": { records: "practice", yes: { gp: ["own", "any"], lmc_secretary: ["own", "any"], bma_staff: ["own", "any"], admin: ["own", "any"] } },
  "follow-resolution": { records: "practice", yes: { gp: ["own", "any"], lmc_secretary: ["own", "any"], bma_staff: ["own", "any"], admin: ["own", "any"] } },
  // A GP asks to join for themselves; a signatory of the practice or staff decide, and staff
  // decide where a practice has no signatory yet.
  "request-membership": { records: "practice", yes: { gp: ["own", "any"] } },
  "decide-membership": { records: "practice", yes: { gp: ["signatory"], bma_staff: ALL_PRACTICE } },
  "manage-signatories": { records: "practice", yes: { gp: ["signatory"], bma_staff: ALL_PRACTICE } },
  "read-practices": { records: "practice", yes: { bma_staff: ALL_PRACTICE, admin: ALL_PRACTICE } },
  "manage-users": { records: "practice", yes: { admin: ALL_PRACTICE } },
  "set-retention": { records: "practice", yes: { admin: ALL_PRACTICE } },
  "import-register": { records: "practice", yes: { admin: ALL_PRACTICE } },
  "read-audit": { records: "practice", yes: { bma_staff: ALL_PRACTICE, admin: ALL_PRACTICE } },
  // With no mail server, the outbox is the delivery: staff and administrators read it.
  "read-outbox": { records: "practice", yes: { bma_staff: ALL_PRACTICE, admin: ALL_PRACTICE } },
};

const RECORDS: Record<Row["records"], Record<string, Relation>> = { practice: PRACTICE_RECORDS, conference: CONFERENCE_RECORDS, motion: MOTION_RECORDS };

interface Case {
  role: AccessRole;
  action: Action;
  record: string;
  relation: Relation;
  expected: boolean;
}

const CASES: Case[] = ACTIONS.flatMap((action) => {
  const row = TABLE[action];
  const yes = row.yes as Partial<Record<AccessRole, readonly string[]>>;
  return ACCESS_ROLES.flatMap((role) =>
    Object.entries(RECORDS[row.records]).map(([record, relation]) => ({ role, action, record, relation, expected: (yes[role] ?? []).includes(record) })),
  );
});

describe("the access table", () => {
  it("has a row for every action and every role, naming only records of the action's kind", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) {
      const row = TABLE[action];
      for (const [role, records] of Object.entries(row.yes)) {
        expect(ACCESS_ROLES).toContain(role);
        for (const record of records ?? []) expect(Object.keys(RECORDS[row.records])).toContain(record);
      }
    }
    expect(CASES.length).toBe(ACTIONS.reduce((n, a) => n + ACCESS_ROLES.length * Object.keys(RECORDS[TABLE[a].records]).length, 0));
  });

  it.each(CASES.map((c) => [c.role, c.action, c.relation.name, c.expected ? "yes" : "no", c] as const))("%s | %s | %s: %s", (_role, _action, _record, _answer, c) => {
    const actor = ACTORS[c.role];
    expect(can(actor, c.action, c.relation.relation(actor))).toBe(c.expected);
  });
});

describe("the scope is decided from the record", () => {
  it("every yes comes from a scope that fits how the record stands to the user", () => {
    for (const c of CASES.filter((x) => x.expected)) {
      const actor = ACTORS[c.role];
      const scope = allowingScope(actor, c.action, c.relation.relation(actor));
      expect(c.relation.scopes, `${c.role} ${c.action} ${c.record}: ${scope}`).toContain(scope);
    }
  });

  it.each([
    ["staff read any practice's sign-ups", "bma_staff", "see-practice-signups", PRACTICE_RECORDS.member, "any"],
    ["a GP reads their practice's", "gp", "see-practice-signups", PRACTICE_RECORDS.member, "practice"],
    ["a GP signs up a practice they sign for", "gp", "sign-up-practice", PRACTICE_RECORDS.signatory, "practice"],
    ["a secretary sees their LMC's figures exactly", "lmc_secretary", "see-exact-participation", PRACTICE_RECORDS.lmc, "lmc"],
    ["a GP pledges for themselves", "gp", "pledge", PRACTICE_RECORDS.own, "own"],
    ["anyone reads a published conference", "public", "see-conference", CONFERENCE_RECORDS.nationalOut, "public"],
    ["staff run any national conference", "bma_staff", "run-conference", CONFERENCE_RECORDS.nationalPlanned, "any"],
    ["a secretary runs their LMC's meeting", "lmc_secretary", "run-conference", CONFERENCE_RECORDS.myMeetingPlanned, "lmc"],
    ["a secretary sees their LMC's draft", "lmc_secretary", "see-motion", MOTION_RECORDS.myDraft, "lmc"],
    ["staff accept a submission to a national conference", "bma_staff", "accept-motion", MOTION_RECORDS.otherSubmission, "any"],
  ] as const)("%s (%s)", (_name, role, action, record, scope) => {
    const actor = ACTORS[role];
    expect(allowingScope(actor, action, record.relation(actor))).toBe(scope);
  });

  it("a GP who signs for one practice may not sign up another", () => {
    const gp = ACTORS.gp;
    expect(can(gp, "sign-up-practice", { practiceMember: true, practiceSignatory: true })).toBe(true);
    expect(can(gp, "sign-up-practice", { practiceMember: true, practiceSignatory: false })).toBe(false);
  });

  it("an LMC's figures are another LMC's secretary's only when that LMC is theirs on the date", () => {
    const secretary = ACTORS.lmc_secretary;
    expect(can(secretary, "see-exact-participation", { lmcId: MY_LMC })).toBe(true);
    expect(can(secretary, "see-exact-participation", { lmcId: OTHER_LMC })).toBe(false);
    expect(can(secretary, "see-exact-participation", { lmcId: null })).toBe(false);
    expect(can({ ...secretary!, lmcId: null }, "see-exact-participation", { lmcId: null })).toBe(false);
  });
});

describe("a GP who has not confirmed their email address", () => {
  const NEEDS_CONFIRMED_EMAIL: Action[] = ["pledge", "sign-up-practice", "request-membership"];

  it.each(ACTIONS.map((action) => [action, NEEDS_CONFIRMED_EMAIL.includes(action)] as const))("%s: refused whatever the record (%s), otherwise as a confirmed GP", (action, refused) => {
    for (const flag of [false, undefined]) {
      const unconfirmed: Actor = { id: 11, role: "gp", lmcId: null, emailVerified: flag };
      for (const relation of Object.values(RECORDS[TABLE[action].records])) {
        const confirmedAnswer = can(ACTORS.gp, action, relation.relation(ACTORS.gp));
        expect(can(unconfirmed, action, relation.relation(unconfirmed))).toBe(refused ? false : confirmedAnswer);
      }
    }
  });

  it("only a GP account needs an NHS address (the accounts people make themselves)", () => {
    expect(ROLES.filter(needsNhsEmail)).toEqual(["gp"]);
    expect(SELF_REGISTERED_ROLE).toBe("gp");
  });
});

describe("which roles may do an action anywhere", () => {
  it.each([
    ["manage-users", ["admin"]],
    ["set-retention", ["admin"]],
    ["delete-account", ["gp", "lmc_secretary", "bma_staff", "admin"]],
    ["export-signed-practices", ["bma_staff"]],
    // Scoped to a practice the record must name: no role may do it without one.
    ["sign-up-practice", []],
  ] as [Action, string[]][])("%s: %j", (action, roles) => {
    expect(rolesAllowed(action)).toEqual(roles);
  });
});

describe("grants", () => {
  it("every permission granted to a role is read by some rule (no dead grants)", () => {
    const checked = permissionsChecked();
    for (const role of ROLES) for (const permission of permissionsOf(role)) expect({ role, permission, checked: checked.has(permission) }).toEqual({ role, permission, checked: true });
  });

  it("resolution progress has its own permission, not a conference one", () => {
    expect(can(ACTORS.bma_staff, "update-resolution-progress")).toBe(true);
    expect(permissionsOf("bma_staff")).toContain("update:resolution:any");
  });

  it("only a role whose grants reach an LMC's records names an LMC on its account", () => {
    expect(ACCESS_ROLES.filter(roleActsForAnLmc)).toEqual(["lmc_secretary"]);
  });

  it("an actor of a role (for suppression policies) is null for the public", () => {
    expect(actorOfRole("public", null)).toBeNull();
    expect(actorOfRole("lmc_secretary", MY_LMC)).toEqual({ id: 0, role: "lmc_secretary", lmcId: MY_LMC });
  });
});

describe("the reach the SQL visibility rule is built from", () => {
  it.each([
    ["public", { runsNational: false, runsLmcId: null, seesPlannedNational: false, motionsOfLmcId: null }],
    ["gp", { runsNational: false, runsLmcId: null, seesPlannedNational: false, motionsOfLmcId: null }],
    ["admin", { runsNational: false, runsLmcId: null, seesPlannedNational: false, motionsOfLmcId: null }],
    ["bma_staff", { runsNational: true, runsLmcId: null, seesPlannedNational: true, motionsOfLmcId: null }],
    ["lmc_secretary", { runsNational: false, runsLmcId: MY_LMC, seesPlannedNational: true, motionsOfLmcId: MY_LMC }],
  ] as const)("%s", (role, reach) => {
    expect(conferenceReachOf(ACTORS[role])).toEqual(reach);
  });

  it("a secretary with no LMC acts for none", () => {
    expect(conferenceReachOf({ id: 1, role: "lmc_secretary", lmcId: null })).toEqual({ runsNational: false, runsLmcId: null, seesPlannedNational: false, motionsOfLmcId: null });
  });
});

// --- No role literal outside the access module ---------------------------------------------

const ROOT = path.resolve(__dirname, "../..");
const ACCESS_MODULE = ["app/domain/access.ts", "app/domain/permissions.ts"];
const ROLE = "(?:gp|lmc_secretary|bma_staff|admin)";
// A role literal compared (either side), switched on, or listed in an array.
const ROLE_DECISION = new RegExp(`[!=]==?\\s*["'\`]${ROLE}["'\`]|["'\`]${ROLE}["'\`]\\s*[!=]==?|case\\s+["'\`]${ROLE}["'\`]\\s*:|\\[\\s*["'\`]${ROLE}["'\`]\\s*,`);

function appSources(dir = path.join(ROOT, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appSources(full);
    return /\.tsx?$/.test(entry.name) ? [path.relative(ROOT, full)] : [];
  });
}

describe("no role literal outside app/domain/access.ts", () => {
  it("no source in app/ compares, switches on or lists a role by name (a plain text scan, whatever the lint config says)", () => {
    const sources = appSources();
    expect(sources.length).toBeGreaterThan(50);
    const offending = sources
      .filter((file) => !ACCESS_MODULE.includes(file))
      .flatMap((file) =>
        fs
          .readFileSync(path.join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, i) => (ROLE_DECISION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending).toEqual([]);
  });

  it("the scan would catch one", () => {
    for (const line of ['if (user.role === "admin") {', "if ('gp' !== role)", 'case "bma_staff":', '["lmc_secretary", "admin"].includes(role)']) {
      expect(ROLE_DECISION.test(line)).toBe(true);
    }
    expect(ROLE_DECISION.test('const label = ROLE_LABELS["gp"];')).toBe(false);
  });

  // ESLint with the project's config, only the rule that refuses role literals, and no
  // `eslint-disable` comments honoured: it must pass over app/ and fail on a planted literal.
  const eslint = new ESLint({ cwd: ROOT, allowInlineConfig: false, ruleFilter: ({ ruleId }) => ruleId === "no-restricted-syntax" });

  it("ESLint's role-literal rule passes over app/", async () => {
    const results = await eslint.lintFiles(["app/**/*.ts", "app/**/*.tsx"]);
    expect(results.length).toBeGreaterThan(50);
    const messages = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
    expect(messages).toEqual([]);
  }, 60_000);

  it.each([
    ["a route", "app/routes/planted.tsx", true],
    ["a component", "app/components/planted.tsx", true],
    ["a model", "app/models/planted.server.ts", true],
    ["another domain module", "app/domain/suppression.ts", true],
    ["the access module", "app/domain/access.ts", false],
  ])("ESLint refuses a planted role literal in %s: %s", async (_where, filePath, refused) => {
    const code = [
      'export function f(user: { role: string }) {',
      '  if (user.role === "admin") return 1;',
      '  switch (user.role) { case "gp": return 2; }',
      '  return ["bma_staff", "lmc_secretary"].includes(user.role) ? 3 : 0;',
      "}",
    ].join("\n");
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    const refusals = result!.messages.filter((m) => m.ruleId === "no-restricted-syntax");
    expect(refusals.length).toBe(refused ? 4 : 0);
  }, 60_000);
});
