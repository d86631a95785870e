-- AlterEnum
ALTER TYPE "SkipReason" ADD VALUE 'TEMPLATE_FAILED';

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "interruptions" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "letterFailure" TEXT;
