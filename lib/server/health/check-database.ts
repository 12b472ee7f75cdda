import "server-only";
import { db } from "@/lib/db";

type Queryable = { $queryRaw: (query: TemplateStringsArray) => Promise<unknown> };

/** True when the database answers a trivial query within `timeoutMs`; never throws or hangs. */
export async function checkDatabase(timeoutMs: number, client: Queryable = db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = client.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
