// Who may do what to which record, decided in one place. A permission is `verb:entity:scope`
// (the Epic Stack's convention, granted per role in ./permissions.ts), and the scope a request
// needs comes from the record: `any` (every record), `practice` (a practice the user belongs to;
// some actions need signatory rights there), `lmc` (the LMC the user is secretary of: the LMC a
// practice is in on the day asked, the LMC holding a meeting, the LMC proposing a motion), `own`
// (the user's own record). Some records need no permission at all: a conference whose agenda is
// out, a motion on its agenda. The server loads what the user is to the record (memberships, the
// practice's LMC on the date, the conference's body and status) and asks `can(...)`; routes,
// models and the SQL twin of the visibility rule (app/models/visibility.server.ts) all ask here,
// and the UI mirrors the same answers. No other module compares roles (ESLint refuses a role
// literal anywhere else in app/, and tests/unit/access.test.ts fails if one comes back).
import type { MotionState, Role } from "../../db/types";
import { permissionsOf, roleHasPermission, ROLES, type Permission } from "./permissions";

export interface Actor {
  id: number;
  role: Role;
  lmcId: number | null;
  /**
   * The account's email address is confirmed (admin-made accounts are; a GP who registered
   * confirms it from the emailed link). Unset counts as not confirmed.
   */
  emailVerified?: boolean;
}

/** The role a self-registered account gets: a GP, with an NHS email address (LMC and staff accounts are admin-made). */
export const SELF_REGISTERED_ROLE: Role = "gp";

/** Whether accounts of this role need an NHS email address: the ones people make themselves. */
export function needsNhsEmail(role: Role): boolean {
  return role === SELF_REGISTERED_ROLE;
}

/** Every role the rules answer for: nobody logged in ("public") and the four account roles. */
export const ACCESS_ROLES = ["public", ...ROLES] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export function roleOf(actor: Actor | null): AccessRole {
  return actor ? actor.role : "public";
}

/**
 * An actor of this role (null for the public), for rules that do not ask whose record it is
 * (suppression policies): id 0 is nobody's.
 */
export function actorOfRole(role: AccessRole, lmcId: number | null): Actor | null {
  return role === "public" ? null : { id: 0, role, lmcId };
}

/** What the record is, and what the user is to it: looked up on the server before asking. */
export interface RecordRelation {
  /** The user is a member of the record's practice. */
  practiceMember?: boolean;
  /** The user holds signatory rights at the record's practice. */
  practiceSignatory?: boolean;
  /**
   * The LMC the record belongs to: the LMC whose area the record's practice is in on the day
   * asked, or the LMC whose own meeting the conference is (null for a national conference).
   */
  lmcId?: number | null;
  /** The user who owns the record (a personal pledge, an account). */
  ownerId?: number | null;
  /** A national conference (or a motion to one): run by BMA staff. false: an LMC's own meeting. */
  national?: boolean;
  /** The conference's agenda is out: anyone, signed in or not, may read it. */
  published?: boolean;
  /** Motions may still be submitted to the conference (its deadline has not passed). */
  submissionsOpen?: boolean;
  /** A motion's state. */
  motionState?: MotionState;
  /** The LMC proposing the motion (unset for a new draft: the drafter's own LMC). */
  proposerLmcId?: number | null;
}

export const SCOPES = ["own", "practice", "lmc", "any"] as const;
export type Scope = (typeof SCOPES)[number];

export const ACTIONS = [
  // A practice's collective action (sign-ups, notices, pledges, figures).
  "sign-up-practice",
  "see-practice-signups",
  "record-notice",
  "see-notices",
  "pledge",
  "manage-campaigns",
  "export-signed-practices",
  "see-exact-participation",
  // Conferences and motions.
  "see-conference",
  "run-conference",
  "draft-motion",
  "see-motion",
  "see-motion-history",
  "edit-motion",
  "submit-motion",
  "accept-motion",
  "review-submissions",
  "record-votes",
  "manage-clauses",
  "update-resolution-progress",
  // The site.
  "read-account",
  "update-account",
  "delete-account",
  "follow-resolution",
  // Practice membership: a GP asks to join; a signatory of the practice (or staff) decides.
  "request-membership",
  "decide-membership",
  "manage-signatories",
  "read-practices",
  "manage-users",
  "set-retention",
  "import-register",
  "read-audit",
  "read-outbox",
] as const;
export type Action = (typeof ACTIONS)[number];

type When = (relation: RecordRelation, actor: Actor | null) => boolean;

/** One way an action is allowed. `when` adds what the record's state must be for this way. */
type Way =
  /** A role granted `permission`, at the scope the record decides. */
  | {
      permission: Permission;
      scope: Scope;
      /** practice scope: whether membership is enough or signatory rights are needed. */
      needs?: "member" | "signatory";
      /** lmc scope: the LMC of the record that must be the user's (default: relation.lmcId). */
      lmcOf?: (relation: RecordRelation, actor: Actor) => number | null | undefined;
      when?: When;
    }
  /** Anyone, signed in or not: the record is public. */
  | { anyone: true; when: When }
  /** Whoever may do another action to the same record. */
  | { as: Action; when?: When };

interface Rule {
  /** Actions also needed on the same record, whatever the way (seeing it, to act on it). */
  requires?: Action[];
  /** Only an account whose email address is confirmed, whatever the way. */
  confirmedEmail?: true;
  ways: Way[];
}

const proposer = (r: RecordRelation, a: Actor) => (r.proposerLmcId === undefined ? a.lmcId : r.proposerLmcId);
const ownLmcMotion = { permission: "draft:motion:lmc", scope: "lmc", lmcOf: proposer } as const;

/**
 * Each action and the ways it is allowed, from the widest scope down. Staff may read every
 * practice's sign-ups and notices (to organise and support) but sign up or record for none: that
 * is the practice's own act. National conferences are run by BMA staff, an LMC's own meetings by
 * its secretary; secretaries draft motions in their LMC's name for national conferences until
 * the deadline, and see their LMC's motions in every state; drafts stay with their LMC until
 * submitted.
 */
const RULES: Record<Action, Rule> = {
  "sign-up-practice": { confirmedEmail: true, ways: [{ permission: "update:signup:practice", scope: "practice", needs: "signatory" }] },
  "see-practice-signups": {
    ways: [
      { permission: "read:signup:any", scope: "any" },
      { permission: "read:signup:practice", scope: "practice", needs: "member" },
    ],
  },
  "record-notice": { ways: [{ permission: "create:notice:practice", scope: "practice", needs: "signatory" }] },
  "see-notices": {
    ways: [
      { permission: "read:notice:any", scope: "any" },
      { permission: "read:notice:practice", scope: "practice", needs: "member" },
    ],
  },
  pledge: { confirmedEmail: true, ways: [{ permission: "pledge:option:own", scope: "own" }] },
  "manage-campaigns": { ways: [{ permission: "manage:campaign:any", scope: "any" }] },
  "export-signed-practices": { ways: [{ permission: "export:signup:any", scope: "any" }] },
  "see-exact-participation": {
    ways: [
      { permission: "read:participation:any", scope: "any" },
      { permission: "read:participation:lmc", scope: "lmc" },
    ],
  },

  "run-conference": {
    ways: [
      { permission: "run:national-conference:any", scope: "any", when: (r) => r.national === true },
      { permission: "run:lmc-conference:lmc", scope: "lmc", when: (r) => r.national === false },
    ],
  },
  "see-conference": {
    ways: [
      { anyone: true, when: (r) => r.published === true },
      { as: "run-conference" },
      // Secretaries see national conferences while they are planned, to draft motions for them.
      { permission: "draft:motion:lmc", scope: "lmc", lmcOf: (_r, a) => a.lmcId, when: (r) => r.national === true },
    ],
  },
  "draft-motion": {
    ways: [{ as: "run-conference" }, { ...ownLmcMotion, when: (r) => r.national === true && r.submissionsOpen === true }],
  },
  "see-motion": {
    requires: ["see-conference"],
    ways: [
      { anyone: true, when: (r) => r.motionState === "agenda" },
      ownLmcMotion,
      // The agenda committee sees what was submitted to it, and what it rejected.
      { as: "run-conference", when: (r) => r.motionState === "submitted" || r.motionState === "rejected" },
    ],
  },
  // The full audit history; everyone else reads a plain-words record of the agenda's history.
  "see-motion-history": { requires: ["see-motion"], ways: [{ as: "run-conference" }, ownLmcMotion] },
  "edit-motion": {
    requires: ["see-motion"],
    ways: [
      // A rejected motion is a closed record: nobody edits it.
      { as: "run-conference", when: (r) => r.motionState !== "rejected" },
      // Until it is decided (on the agenda or rejected), and (after the deadline) only the runners.
      { ...ownLmcMotion, when: (r, a) => (r.motionState === "draft" || r.motionState === "submitted") && can(a, "draft-motion", r) },
    ],
  },
  "submit-motion": {
    requires: ["edit-motion"],
    ways: [{ ...ownLmcMotion, when: (r, a) => r.motionState === "draft" && !can(a, "run-conference", r) }],
  },
  // The agenda committee's decision on one submission: accept it (a number is assigned), reject
  // it with a reason, or merge it into a composite.
  "accept-motion": { requires: ["see-motion"], ways: [{ as: "run-conference", when: (r) => r.motionState === "submitted" }] },
  // The conference's queue of submissions waiting for that decision.
  "review-submissions": { requires: ["see-conference"], ways: [{ as: "run-conference" }] },
  "record-votes": { requires: ["see-motion"], ways: [{ as: "run-conference" }] },
  "manage-clauses": { ways: [{ permission: "manage:clause:any", scope: "any" }] },
  "update-resolution-progress": { ways: [{ permission: "update:resolution:any", scope: "any" }] },

  "read-account": { ways: [{ permission: "read:account:own", scope: "own" }] },
  // Their own address, password, notifications and the resolutions they follow.
  "update-account": { ways: [{ permission: "update:account:own", scope: "own" }] },
  // Erasure (app/models/erasure.server.ts): anyone may delete their own account and nobody
  // else's; the last person who can manage users is kept from leaving nobody who can.
  "delete-account": { ways: [{ permission: "delete:account:own", scope: "own" }] },
  "follow-resolution": { ways: [{ as: "update-account" }] },
  "request-membership": { confirmedEmail: true, ways: [{ permission: "request:membership:own", scope: "own" }] },
  // A practice with no signatory yet is decided by staff, who may decide any.
  "decide-membership": {
    ways: [
      { permission: "decide:membership:any", scope: "any" },
      { permission: "decide:membership:practice", scope: "practice", needs: "signatory" },
    ],
  },
  "manage-signatories": {
    ways: [
      { permission: "manage:signatory:any", scope: "any" },
      { permission: "manage:signatory:practice", scope: "practice", needs: "signatory" },
    ],
  },
  "read-practices": { ways: [{ permission: "read:practice:any", scope: "any" }] },
  "manage-users": { ways: [{ permission: "manage:user:any", scope: "any" }] },
  // How long withdrawn pledges keep their maker's name (npm run db:retention applies it).
  "set-retention": { ways: [{ permission: "manage:retention:any", scope: "any" }] },
  "import-register": { ways: [{ permission: "import:register:any", scope: "any" }] },
  "read-audit": { ways: [{ permission: "read:audit:any", scope: "any" }] },
  "read-outbox": { ways: [{ permission: "read:outbox:any", scope: "any" }] },
};

/** Whether the record is in the way's scope for this actor. */
function inScope(way: Extract<Way, { permission: Permission }>, actor: Actor, r: RecordRelation): boolean {
  switch (way.scope) {
    case "any":
      return true;
    case "practice":
      return way.needs === "signatory" ? r.practiceSignatory === true : r.practiceMember === true || r.practiceSignatory === true;
    case "lmc": {
      const lmcId = way.lmcOf ? way.lmcOf(r, actor) : r.lmcId;
      return actor.lmcId !== null && lmcId === actor.lmcId;
    }
    case "own":
      // No owner given: the user acts for themselves (a new pledge, their own account).
      return r.ownerId === undefined || r.ownerId === actor.id;
  }
}

/** The scope that allows the action on this record ("public": no permission needed), or null. */
export function allowingScope(actor: Actor | null, action: Action, relation: RecordRelation = {}): Scope | "public" | null {
  const rule = RULES[action];
  if (rule.confirmedEmail && actor?.emailVerified !== true) return null;
  if (rule.requires && !rule.requires.every((needed) => can(actor, needed, relation))) return null;
  for (const way of rule.ways) {
    if (way.when && !way.when(relation, actor)) continue;
    if ("anyone" in way) return "public";
    if ("as" in way) {
      const scope = allowingScope(actor, way.as, relation);
      if (scope) return scope;
      continue;
    }
    if (actor && roleHasPermission(actor.role, way.permission) && inScope(way, actor, relation)) return way.scope;
  }
  return null;
}

/** May this user (null: nobody logged in) do this action to the record? */
export function can(actor: Actor | null, action: Action, relation: RecordRelation = {}): boolean {
  return allowingScope(actor, action, relation) !== null;
}

/** The roles whose grants allow the action where no record narrows it: who may manage users, say. */
export function rolesAllowed(action: Action): Role[] {
  return ROLES.filter((role) => can(actorOfRole(role, null), action));
}

/** The permissions some rule reads: a role granted one outside this list holds a dead grant. */
export function permissionsChecked(): ReadonlySet<Permission> {
  const found = new Set<Permission>();
  for (const rule of Object.values(RULES)) for (const way of rule.ways) if ("permission" in way) found.add(way.permission);
  return found;
}

/** Who may see exact (unsuppressed) figures: a role that sees every area exactly. */
export function seesEveryAreaExactly(actor: Actor | null): boolean {
  return can(actor, "see-exact-participation", { lmcId: Number.NaN });
}

/**
 * A role whose grants reach an LMC's records acts for one LMC, and its account names it: an LMC
 * secretary. Other roles' accounts have no LMC.
 */
export function roleActsForAnLmc(role: AccessRole): boolean {
  return role !== "public" && permissionsOf(role).some((p) => p.endsWith(":lmc"));
}

/**
 * What an actor reaches among conferences and motions, read off `can`, for the SQL twin of the
 * visibility rule (app/models/visibility.server.ts). tests/integration/visibility-rule.test.ts
 * holds the SQL to `can` over every combination.
 */
export interface ConferenceReach {
  /** Runs every national conference. */
  runsNational: boolean;
  /** Runs this LMC's own meetings. */
  runsLmcId: number | null;
  /** Sees national conferences while they are planned. */
  seesPlannedNational: boolean;
  /** Sees this LMC's motions in every state, in the conferences they see. */
  motionsOfLmcId: number | null;
}

export function conferenceReachOf(actor: Actor | null): ConferenceReach {
  const lmcId = actor?.lmcId ?? null;
  const lmcIf = (yes: boolean) => (lmcId !== null && yes ? lmcId : null);
  return {
    runsNational: can(actor, "run-conference", { national: true }),
    runsLmcId: lmcIf(can(actor, "run-conference", { national: false, lmcId })),
    seesPlannedNational: can(actor, "see-conference", { national: true, published: false }),
    // A draft of their LMC's at a published national conference: seen only as that LMC's.
    motionsOfLmcId: lmcIf(can(actor, "see-motion", { national: true, published: true, motionState: "draft", proposerLmcId: lmcId })),
  };
}
