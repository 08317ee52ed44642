import { describe, expect, it } from "vitest";
import { permissionsOf, ROLE_LABELS, roleHasPermission, ROLES } from "../../app/domain/permissions";

describe("permissions by role", () => {
  it.each([
    ["gp", "pledge:option:own", true],
    ["gp", "manage:user:any", false],
    ["lmc_secretary", "draft:motion:lmc", true],
    ["lmc_secretary", "manage:campaign:any", false], // LMCs never organise industrial action
    ["lmc_secretary", "read:practice:any", false], // never which practice signed
    ["bma_staff", "manage:campaign:any", true],
    ["bma_staff", "manage:user:any", false],
    ["admin", "manage:user:any", true],
    ["admin", "manage:campaign:any", false],
  ] as const)("%s may %s: %s", (role, permission, expected) => {
    expect(roleHasPermission(role, permission)).toBe(expected);
  });

  it("every role can read its own account", () => {
    for (const role of ROLES) expect(permissionsOf(role)).toContain("read:account:own");
  });

  it("every role has its own label", () => {
    const labels = ROLES.map((role) => ROLE_LABELS[role]);
    for (const label of labels) expect(label).toMatch(/^[A-Z]/);
    expect(new Set(labels).size).toBe(ROLES.length);
  });
});
