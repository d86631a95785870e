-- AlterTable
ALTER TABLE "integration_outbox" ADD COLUMN     "trace_parent" TEXT;
