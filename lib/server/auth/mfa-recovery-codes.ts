import "server-only";
import { hashPassword } from "@/lib/core/auth/password";
import { generateRecoveryCodes, normalizeRecoveryCode } from "@/lib/core/auth/mfa/recovery-codes";
import type { DbTransaction } from "@/lib/db";

/** Ten new recovery codes for the user, stored as hashes in the caller's transaction; the old ones go. */
export async function replaceRecoveryCodes(tx: DbTransaction, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code)!)));
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes;
}
