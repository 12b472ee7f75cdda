import "server-only";
import { createHash } from "node:crypto";

// An invitation link holds a random token; only its hash is stored.

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const pending = () => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } });

export const invitationSelect = { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true } } } as const;
