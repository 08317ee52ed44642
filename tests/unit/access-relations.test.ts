// What app/domain/access.ts makes of a record relation that says less than the access table's
// records do: a signatory not also marked a member, a conference not marked national or not, an
// account of another role that names an LMC. The access table itself is tests/unit/access.test.ts.
import { describe, expect, it } from "vitest";
import { can, conferenceReachOf, permissionsChecked, roleOf, type Actor } from "../../app/domain/access";
import { permissionsOf, ROLES } from "../../app/domain/permissions";

const gp: Actor = { id: 11, role: "gp", lmcId: null, emailVerified: true };
const secretary: Actor = { id: 12, role: "lmc_secretary", lmcId: 7, emailVerified: true };
const staff: Actor = { id: 13, role: "bma_staff", lmcId: null, emailVerified: true };

describe("the role the rules answer for", () => {
  it.each([
    ["nobody logged in", null, "public"],
    ["a GP", gp, "gp"],
    ["a secretary", secretary, "lmc_secretary"],
  ] as const)("%s: %s", (_name, actor, role) => {
    expect(roleOf(actor)).toBe(role);
  });
});

describe("a record relation that says less", () => {
  it.each(["see-practice-signups", "see-notices"] as const)("a signatory of the practice not also marked a member may %s", (action) => {
    expect(can(gp, action, { practiceSignatory: true })).toBe(true);
    expect(can(gp, action, { practiceMember: true })).toBe(true);
    expect(can(gp, action, {})).toBe(false);
  });

  it.each([
    ["a secretary, for their LMC", secretary, { lmcId: 7 }],
    ["BMA staff", staff, {}],
  ] as const)("a conference not said to be national or an LMC's is run by nobody: %s", (_name, actor, relation) => {
    expect(can(actor, "run-conference", relation)).toBe(false);
    expect(can(actor, "run-conference", { ...relation, national: actor === staff })).toBe(true);
  });
});

describe("the grants the rules read", () => {
  it("are all permissions some role holds", () => {
    const granted = new Set<string>(ROLES.flatMap((role) => permissionsOf(role)));
    expect([...permissionsChecked()].filter((permission) => !granted.has(permission))).toEqual([]);
  });
});

describe("what an account reaches among conferences and motions", () => {
  it.each(["gp", "bma_staff", "admin"] as const)("an LMC on a %s account reaches no LMC's meetings or motions", (role) => {
    const reach = conferenceReachOf({ id: 1, role, lmcId: 7, emailVerified: true });
    expect(reach).toMatchObject({ runsLmcId: null, motionsOfLmcId: null });
  });
});
