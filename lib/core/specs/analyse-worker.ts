// Runs in a worker thread (see lib/server/specs/spec-analyser.ts): parsing, validating and above
// all linting a large spec keeps a CPU busy for a second or more, which must not stall every
// other request on the server's event loop.
import { parentPort } from "node:worker_threads";
import { AppError } from "@/lib/core/app-error";
import { SpecError } from "./spec-error";
import { analyseSpec } from "./analyse-spec";

type Request = { id: number; text: string; lint: boolean };

parentPort?.on("message", async ({ id, text, lint }: Request) => {
  try {
    const { text: _text, ...analysis } = await analyseSpec(text, { lint, onStage: (stage) => parentPort?.postMessage({ id, stage }) });
    parentPort?.postMessage({ id, analysis });
  } catch (error) {
    if (error instanceof AppError) {
      parentPort?.postMessage({ id, appError: { spec: error instanceof SpecError, code: error.code, message: error.message, fieldErrors: error.fieldErrors } });
    } else {
      parentPort?.postMessage({ id, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
});
