import "server-only";
import { db, type DbTransaction } from "@/lib/db";
import { DEFAULT_RISK_BANDS, type TRiskBands } from "@/lib/core/threats/risk";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function getRiskBands(caller: TOrgScope, tx: Pick<typeof db, "orgSettings"> | DbTransaction = db): Promise<TRiskBands & { version: number }> {
  const settings = await tx.orgSettings.findUnique({ where: inOrg(caller), select: { mediumFrom: true, highFrom: true, criticalFrom: true, version: true } });
  return settings ?? { ...DEFAULT_RISK_BANDS, version: 0 };
}
