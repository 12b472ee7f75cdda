import type { TestProject } from "vitest/node";
import { prepareDatabase } from "@/lib/db/prepare";
import { createDatabase, dropDatabase, startTestServer, uniqueName } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/** One server and one migrated template per run; each test file copies the template. */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const template = uniqueName("bulwark_tpl");
  const url = await createDatabase(server.adminUrl, template);
  await prepareDatabase(url);
  project.provide("pgAdminUrl", server.adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await dropDatabase(server.adminUrl, template).catch(() => undefined);
    await server.stop();
  };
}
