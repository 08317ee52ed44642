// Who may do what, as strings `action:entity:scope` (scope: own = the user's own records,
// lmc = their LMC's, any = everything). The server checks these; the UI only mirrors them.
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
    "pledge:option:own",
    // At the practices the GP belongs to; signing up and recording notices need signatory rights
    // there too (app/domain/access.ts decides that from the record).
    "read:signup:practice",
    "update:signup:practice",
    "read:notice:practice",
    "create:notice:practice",
  ],
  lmc_secretary: ["read:account:own", "draft:motion:lmc", "read:participation:lmc"],
  bma_staff: [
    "read:account:own",
    "manage:conference:any",
    "manage:clause:any",
    "manage:campaign:any",
    "read:participation:any",
    "read:signup:any",
    "export:signup:any",
    "read:notice:any",
    "read:practice:any",
    "read:audit:any",
  ],
  admin: [
    "read:account:own",
    "manage:user:any",
    "import:practice:any",
    "import:lmc-area:any",
    "read:practice:any",
    "read:audit:any",
  ],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof GRANTS)[Role][number];

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return (GRANTS[role] as readonly string[]).includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
