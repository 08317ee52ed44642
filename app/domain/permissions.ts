// What each role is granted, as strings `verb:entity:scope` (the Epic Stack's convention). The
// scope says which records a grant reaches: `own` (the user's own record), `practice` (a practice
// the user belongs to), `lmc` (the LMC the user is secretary of), `any` (every record). Which
// scope a request needs is decided from the record by app/domain/access.ts, the only module that
// reads these grants; everything else asks it `can(actor, action, relation)`.
import type { Role } from "../../db/types";

export const ROLES = ["gp", "lmc_secretary", "bma_staff", "admin"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  gp: "GP",
  lmc_secretary: "LMC secretary",
  bma_staff: "BMA staff",
  admin: "Administrator",
};

const GRANTS = {
  gp: [
    "read:account:own",
    "update:account:own",
    "delete:account:own",
    "pledge:option:own",
    "request:membership:own",
    // At the practices the GP belongs to; signing up and recording notices need signatory rights
    // there too (app/domain/access.ts decides that from the record).
    "read:signup:practice",
    "update:signup:practice",
    "read:notice:practice",
    "create:notice:practice",
    // Signatories decide who joins their practice and who else signs for it.
    "decide:membership:practice",
    "manage:signatory:practice",
  ],
  lmc_secretary: [
    "read:account:own",
    "update:account:own",
    "delete:account:own",
    // Drafts and submits motions in the name of their LMC (and sees that LMC's motions in every state).
    "draft:motion:lmc",
    // Runs their own LMC's meetings: agenda, votes, outcomes.
    "run:lmc-conference:lmc",
    "read:participation:lmc",
  ],
  bma_staff: [
    "read:account:own",
    "update:account:own",
    "delete:account:own",
    // National conferences only: an LMC's own meetings are its secretary's.
    "run:national-conference:any",
    "update:resolution:any",
    "manage:clause:any",
    "manage:campaign:any",
    "read:participation:any",
    "read:signup:any",
    "export:signup:any",
    "read:notice:any",
    "read:practice:any",
    "read:audit:any",
    // Membership requests at practices with no signatory yet, and signatory rights anywhere.
    "decide:membership:any",
    "manage:signatory:any",
    // With no mail server configured, the outbox is where messages are delivered.
    "read:outbox:any",
  ],
  admin: ["read:account:own", "update:account:own", "delete:account:own", "manage:user:any", "manage:retention:any", "import:register:any", "read:practice:any", "read:audit:any", "read:outbox:any"],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof GRANTS)[Role][number];

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return (GRANTS[role] as readonly string[]).includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
