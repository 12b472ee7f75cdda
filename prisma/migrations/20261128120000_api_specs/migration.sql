-- API specs: imports, per-operation facts and Spectral findings.

-- CreateEnum
CREATE TYPE "SpecSource" AS ENUM ('UPLOAD', 'PASTE', 'URL', 'API');

-- CreateEnum
CREATE TYPE "LintSeverity" AS ENUM ('ERROR', 'WARN', 'INFO', 'HINT');

-- AlterTable: requiresAuth becomes a plain boolean; operations now only come from specs.
UPDATE "Operation" SET "requiresAuth" = false WHERE "requiresAuth" IS NULL;
ALTER TABLE "Operation" ALTER COLUMN "requiresAuth" SET NOT NULL,
    ALTER COLUMN "requiresAuth" SET DEFAULT false,
    ADD COLUMN "securitySchemes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "sensitiveFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "removedAt" TIMESTAMP(3),
    ADD COLUMN "lastImportId" TEXT;

-- CreateTable
CREATE TABLE "SpecImport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "importedById" TEXT,
    "source" "SpecSource" NOT NULL,
    "sourceUrl" TEXT,
    "fileName" TEXT,
    "format" TEXT NOT NULL,
    "title" TEXT,
    "specVersion" TEXT,
    "checksum" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "operationCount" INTEGER NOT NULL,
    "added" INTEGER NOT NULL,
    "removed" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "findingCount" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpecImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LintFinding" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "operationId" TEXT,
    "ruleId" TEXT NOT NULL,
    "severity" "LintSeverity" NOT NULL,
    "message" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "line" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LintFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SpecImport_apiId_createdAt_idx" ON "SpecImport"("apiId", "createdAt");

-- CreateIndex
CREATE INDEX "SpecImport_orgId_idx" ON "SpecImport"("orgId");

-- CreateIndex
CREATE INDEX "LintFinding_apiId_severity_idx" ON "LintFinding"("apiId", "severity");

-- CreateIndex
CREATE INDEX "LintFinding_operationId_idx" ON "LintFinding"("operationId");

-- CreateIndex
CREATE INDEX "LintFinding_importId_idx" ON "LintFinding"("importId");

-- CreateIndex
CREATE INDEX "LintFinding_orgId_idx" ON "LintFinding"("orgId");

-- AddForeignKey
ALTER TABLE "SpecImport" ADD CONSTRAINT "SpecImport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpecImport" ADD CONSTRAINT "SpecImport_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpecImport" ADD CONSTRAINT "SpecImport_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LintFinding" ADD CONSTRAINT "LintFinding_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LintFinding" ADD CONSTRAINT "LintFinding_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LintFinding" ADD CONSTRAINT "LintFinding_importId_fkey" FOREIGN KEY ("importId") REFERENCES "SpecImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LintFinding" ADD CONSTRAINT "LintFinding_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Operation_apiId_removedAt_idx" ON "Operation"("apiId", "removedAt");

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_lastImportId_fkey" FOREIGN KEY ("lastImportId") REFERENCES "SpecImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
