import type { Role } from "@/lib/generated/prisma/enums";

// The one table of who may do what. Route handlers and pages name a permission; they never
// compare roles themselves.
const ALL: Role[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER"];
const WRITERS: Role[] = ["OWNER", "ADMIN", "EDITOR"];
const ADMINS: Role[] = ["OWNER", "ADMIN"];

export const PERMISSIONS = {
  "api:read": ALL,
  "api:write": WRITERS,
  "api:delete": WRITERS,
  "member:read": ALL,
  "member:invite": ADMINS,
  "member:manage": ADMINS,
  "org:update": ADMINS,
  "audit:read": ADMINS,
  "threat:read": ALL,
  "threat:write": WRITERS,
  // Approving also requires not being the author; a designated editor may review too.
  "threat:review": WRITERS,
  // Reviewing a model that names no reviewer, or names someone else: admins and owners, who are
  // also the ones asked when a model is submitted without a named reviewer.
  "threat:review-any": ADMINS,
  "catalog:manage": ADMINS,
  "settings:manage": ADMINS,
  // PDF reports and CSV/JSON exports of what the member can read anyway.
  "report:export": ALL,
  // The whole organisation in one file (people, specs, every version), and loading one back.
  "org:export": ADMINS,
  "org:import": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The roles that hold a permission, for queries that pick members by what they may do. */
export function rolesWith(permission: Permission): Role[] {
  return ALL.filter((role) => can(role, permission));
}

export const ROLE_RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, EDITOR: 2, VIEWER: 1 };

/** Admins manage members up to their own rank; only owners grant or remove ownership. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (!can(actor, "member:manage")) return false;
  return actor === "OWNER" || ROLE_RANK[target] < ROLE_RANK.OWNER;
}

/** The last-owner rule: an organisation always keeps at least one owner. */
export function isOwner(role: Role): boolean {
  return role === "OWNER";
}

export const ROLE_LABEL: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  VIEWER: "Viewer",
};
