"use client";

import { createContext, useContext } from "react";
import { can, type Permission } from "@/lib/core/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export type TOrgContext = { slug: string; name: string; role: Role; userId: string };

const OrgContext = createContext<TOrgContext | null>(null);

export function OrgProvider({ value, children }: { value: TOrgContext; children: React.ReactNode }) {
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

export function useOrg(): TOrgContext & { can: (permission: Permission) => boolean } {
  const org = useContext(OrgContext);
  if (!org) throw new Error("useOrg must be used inside an organisation page");
  // The UI hides what the role cannot do; the server enforces it regardless.
  return { ...org, can: (permission) => can(org.role, permission) };
}
