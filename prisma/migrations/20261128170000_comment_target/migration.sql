-- A comment belongs to exactly one thing: a threat or a mitigation. Prisma cannot express this,
-- so the database enforces it.
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_exactly_one_target" CHECK (("threatId" IS NULL) <> ("mitigationId" IS NULL));
