-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "leaseExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "runnerId" TEXT;

-- CreateIndex
CREATE INDEX "Campaign_status_leaseExpiresAt_idx" ON "Campaign"("status", "leaseExpiresAt");

-- A lease is a runner and when it runs out, and only a RUNNING campaign has one. Campaigns left
-- RUNNING before leases existed have none: the first runner to look resumes them.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_lease_whole" CHECK (("runnerId" IS NULL) = ("leaseExpiresAt" IS NULL));
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_lease_only_while_running" CHECK ("runnerId" IS NULL OR "status" = 'RUNNING');
