import { describe, expect, it } from "vitest";
import { PERMISSIONS, can, canAssignRole, rolesWith, type Permission } from "@/lib/core/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

const ROLES: Role[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER"];

// The expected matrix, written out independently of the implementation's role groups.
const EXPECTED: Record<Role, Record<Permission, boolean>> = {
  OWNER: {
    "api:read": true,
    "api:write": true,
    "api:delete": true,
    "member:read": true,
    "member:invite": true,
    "member:manage": true,
    "org:update": true,
    "audit:read": true,
    "threat:read": true,
    "threat:write": true,
    "threat:review": true,
    "threat:review-any": true,
    "catalog:manage": true,
    "settings:manage": true,
    "report:export": true,
    "org:export": true,
    "org:import": true,
  },
  ADMIN: {
    "api:read": true,
    "api:write": true,
    "api:delete": true,
    "member:read": true,
    "member:invite": true,
    "member:manage": true,
    "org:update": true,
    "audit:read": true,
    "threat:read": true,
    "threat:write": true,
    "threat:review": true,
    "threat:review-any": true,
    "catalog:manage": true,
    "settings:manage": true,
    "report:export": true,
    "org:export": true,
    "org:import": true,
  },
  EDITOR: {
    "api:read": true,
    "api:write": true,
    "api:delete": true,
    "member:read": true,
    "member:invite": false,
    "member:manage": false,
    "org:update": false,
    "audit:read": false,
    "threat:read": true,
    "threat:write": true,
    "threat:review": true,
    "threat:review-any": false,
    "catalog:manage": false,
    "settings:manage": false,
    "report:export": true,
    "org:export": false,
    "org:import": false,
  },
  VIEWER: {
    "api:read": true,
    "api:write": false,
    "api:delete": false,
    "member:read": true,
    "member:invite": false,
    "member:manage": false,
    "org:update": false,
    "audit:read": false,
    "threat:read": true,
    "threat:write": false,
    "threat:review": false,
    "threat:review-any": false,
    "catalog:manage": false,
    "settings:manage": false,
    "report:export": true,
    "org:export": false,
    "org:import": false,
  },
};

describe("can", () => {
  it("covers exactly the permissions listed in the expected matrix", () => {
    // A new permission must be added here too, with a decision for every role.
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED.OWNER).sort());
  });

  for (const role of ROLES) {
    for (const [permission, allowed] of Object.entries(EXPECTED[role]) as [Permission, boolean][]) {
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("lets a viewer only read (exporting what it can read is reading)", () => {
    const granted = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can("VIEWER", p));
    expect(granted.sort()).toEqual(["api:read", "member:read", "report:export", "threat:read"]);
  });

  it("denies a role name it does not know", () => {
    expect(can("SUPERUSER" as Role, "api:read")).toBe(false);
  });
});

describe("rolesWith", () => {
  for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
    it(`lists the roles that may ${permission}, highest first`, () => {
      expect(rolesWith(permission)).toEqual(ROLES.filter((role) => EXPECTED[role][permission]));
    });
  }

  it("asks owners and admins to review a model that names no reviewer", () => {
    expect(rolesWith("threat:review-any")).toEqual(["OWNER", "ADMIN"]);
  });
});

describe("canAssignRole", () => {
  const EXPECTED_ASSIGN: Record<Role, Record<Role, boolean>> = {
    OWNER: { OWNER: true, ADMIN: true, EDITOR: true, VIEWER: true },
    ADMIN: { OWNER: false, ADMIN: true, EDITOR: true, VIEWER: true },
    EDITOR: { OWNER: false, ADMIN: false, EDITOR: false, VIEWER: false },
    VIEWER: { OWNER: false, ADMIN: false, EDITOR: false, VIEWER: false },
  };

  for (const actor of ROLES) {
    for (const target of ROLES) {
      const allowed = EXPECTED_ASSIGN[actor][target];
      it(`${actor} ${allowed ? "may" : "may not"} assign ${target}`, () => {
        expect(canAssignRole(actor, target)).toBe(allowed);
      });
    }
  }
});
