-- Issue 14: each operation keeps its normalised operation model. Existing rows start without one;
-- lib/db/operation-models.ts derives it from the spec of the operation's last import at start-up.
ALTER TABLE "Operation" ADD COLUMN "model" JSONB,
ADD COLUMN "modelVersion" INTEGER;

-- How the start-up step finds, per import, the rows without a current model (demo and benchmark
-- rows have no import and are never visited).
CREATE INDEX "Operation_lastImportId_modelVersion_idx" ON "Operation"("lastImportId", "modelVersion");
