// Who may do what to which record, decided in one place. A permission is `action:entity:scope`
// (the Epic Stack's convention): a role is granted some, and the scope a request needs comes from
// the record: `any` (every record), `practice` (a practice the user belongs to; some actions need
// signatory rights there), `lmc` (the LMC area the user is secretary of, on the day asked),
// `own` (the user's own record). Routes and models ask `can(...)`; the UI mirrors the same call.
import type { Role } from "../../db/types";
import { roleHasPermission, type Permission } from "./permissions";

export interface Actor {
  id: number;
  role: Role;
  lmcId: number | null;
}

/** What the user is to the record, looked up on the server before asking. */
export interface RecordRelation {
  /** The user is a member of the record's practice. */
  practiceMember?: boolean;
  /** The user holds signatory rights at the record's practice. */
  practiceSignatory?: boolean;
  /** The LMC whose area the record's practice is in, on the day asked. */
  lmcId?: number | null;
  /** The user who owns the record (a personal pledge). */
  ownerId?: number | null;
}

export const ACTIONS = [
  "sign-up-practice",
  "see-practice-signups",
  "record-notice",
  "see-notices",
  "pledge",
  "manage-campaigns",
  "export-signed-practices",
  "see-exact-participation",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Each action and the permissions that allow it, from the widest scope down, with what the
 * narrower scopes ask of the record. Staff may read every practice's sign-ups and notices (to
 * organise and support) but sign up or record for none: that is the practice's own act.
 */
const RULES: Record<Action, { any?: Permission; practice?: { permission: Permission; needs: "member" | "signatory" }; lmc?: Permission; own?: Permission }> = {
  "sign-up-practice": { practice: { permission: "update:signup:practice", needs: "signatory" } },
  "see-practice-signups": { any: "read:signup:any", practice: { permission: "read:signup:practice", needs: "member" } },
  "record-notice": { practice: { permission: "create:notice:practice", needs: "signatory" } },
  "see-notices": { any: "read:notice:any", practice: { permission: "read:notice:practice", needs: "member" } },
  pledge: { own: "pledge:option:own" },
  "manage-campaigns": { any: "manage:campaign:any" },
  "export-signed-practices": { any: "export:signup:any" },
  "see-exact-participation": { any: "read:participation:any", lmc: "read:participation:lmc" },
};

export function can(actor: Actor | null, action: Action, relation: RecordRelation = {}): boolean {
  if (!actor) return false;
  const rule = RULES[action];
  if (rule.any && roleHasPermission(actor.role, rule.any)) return true;
  if (rule.practice && roleHasPermission(actor.role, rule.practice.permission)) {
    const related = rule.practice.needs === "signatory" ? relation.practiceSignatory : relation.practiceMember || relation.practiceSignatory;
    if (related) return true;
  }
  if (rule.lmc && roleHasPermission(actor.role, rule.lmc) && actor.lmcId !== null && relation.lmcId === actor.lmcId) return true;
  if (rule.own && roleHasPermission(actor.role, rule.own) && (relation.ownerId === undefined || relation.ownerId === actor.id)) return true;
  return false;
}

/** Who may see exact (unsuppressed) figures: a role that sees every area exactly. */
export function seesEveryAreaExactly(actor: Actor | null): boolean {
  return can(actor, "see-exact-participation", { lmcId: Number.NaN });
}
