-- Threat models: the catalogue (built-in and per organisation), templates, reviews, risk bands.

-- CreateEnum
CREATE TYPE "ReviewAction" AS ENUM ('SUBMITTED', 'APPROVED', 'CHANGES_REQUESTED');

-- AlterTable
ALTER TABLE "ThreatModel" ADD COLUMN "submittedAt" TIMESTAMP(3),
    ADD COLUMN "approvedById" TEXT,
    ADD COLUMN "entryKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "templateId" TEXT;

-- AlterTable
ALTER TABLE "ChecklistAnswer" ADD COLUMN "ruleAnswer" "ChecklistAnswerValue",
    ADD COLUMN "ruleOperationIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "CatalogCategory" (
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "catalogVersion" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CatalogCategory_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CatalogEntry" (
    "key" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "whyItMatters" TEXT NOT NULL,
    "howToTell" TEXT NOT NULL,
    "mitigations" JSONB NOT NULL,
    "references" JSONB NOT NULL,
    "owaspApi" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stride" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cwe" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "seedTopics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "position" INTEGER NOT NULL,
    "catalogVersion" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CatalogEntry_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OrgCatalogEntry" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "whyItMatters" TEXT NOT NULL DEFAULT '',
    "howToTell" TEXT NOT NULL DEFAULT '',
    "mitigations" JSONB NOT NULL,
    "references" JSONB NOT NULL,
    "owaspApi" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stride" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cwe" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "OrgCatalogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgCatalogSetting" (
    "orgId" TEXT NOT NULL,
    "entryKey" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "OrgCatalogSetting_pkey" PRIMARY KEY ("orgId","entryKey")
);

-- CreateTable
CREATE TABLE "ChecklistTemplate" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "entryKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ChecklistTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThreatModelReview" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "threatModelId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" "ReviewAction" NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ThreatModelReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgSettings" (
    "orgId" TEXT NOT NULL,
    "mediumFrom" INTEGER NOT NULL DEFAULT 5,
    "highFrom" INTEGER NOT NULL DEFAULT 10,
    "criticalFrom" INTEGER NOT NULL DEFAULT 20,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "OrgSettings_pkey" PRIMARY KEY ("orgId")
);

-- CreateIndex
CREATE UNIQUE INDEX "OrgCatalogEntry_orgId_key_key" ON "OrgCatalogEntry"("orgId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistTemplate_orgId_name_key" ON "ChecklistTemplate"("orgId", "name");

-- CreateIndex
CREATE INDEX "ThreatModelReview_threatModelId_createdAt_idx" ON "ThreatModelReview"("threatModelId", "createdAt");

-- CreateIndex
CREATE INDEX "ThreatModelReview_orgId_idx" ON "ThreatModelReview"("orgId");

-- AddForeignKey
ALTER TABLE "CatalogEntry" ADD CONSTRAINT "CatalogEntry_category_fkey" FOREIGN KEY ("category") REFERENCES "CatalogCategory"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgCatalogEntry" ADD CONSTRAINT "OrgCatalogEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgCatalogEntry" ADD CONSTRAINT "OrgCatalogEntry_category_fkey" FOREIGN KEY ("category") REFERENCES "CatalogCategory"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgCatalogEntry" ADD CONSTRAINT "OrgCatalogEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgCatalogSetting" ADD CONSTRAINT "OrgCatalogSetting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistTemplate" ADD CONSTRAINT "ChecklistTemplate_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistTemplate" ADD CONSTRAINT "ChecklistTemplate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreatModelReview" ADD CONSTRAINT "ThreatModelReview_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreatModelReview" ADD CONSTRAINT "ThreatModelReview_threatModelId_fkey" FOREIGN KEY ("threatModelId") REFERENCES "ThreatModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreatModelReview" ADD CONSTRAINT "ThreatModelReview_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgSettings" ADD CONSTRAINT "OrgSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "Threat_threatModelId_catalogEntryKey_key" ON "Threat"("threatModelId", "catalogEntryKey");

-- AddForeignKey
ALTER TABLE "ThreatModel" ADD CONSTRAINT "ThreatModel_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreatModel" ADD CONSTRAINT "ThreatModel_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ChecklistTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;
