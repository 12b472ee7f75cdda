import type { Role } from "@/lib/generated/prisma/enums";
import type { TCreateApi } from "@/lib/validation/api-inventory";

// Shapes as they arrive over JSON (dates are strings).

export type TApiItem = Omit<TCreateApi, "team" | "technicalOwnerId"> & {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  team: { id: string; name: string } | null;
  technicalOwner: { id: string; name: string; email: string } | null;
};

export type TApiPageResponse = { data: TApiItem[]; nextCursor: string | null; total: number };

export type TApiListFilters = {
  q?: string;
  exposure?: string;
  lifecycle?: string;
  classification?: string;
  owner?: string;
  team?: string;
  tag?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
};

export type TMemberItem = { id: string; role: Role; createdAt: string; user: { id: string; name: string; email: string } };

export type TInvitationItem = { id: string; email: string; role: Role; expiresAt: string; createdAt: string; invitedBy: { name: string }; link?: string };

export type TTeamItem = { id: string; name: string };
