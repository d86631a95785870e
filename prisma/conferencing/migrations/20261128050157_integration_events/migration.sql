-- CreateTable
CREATE TABLE "integration_outbox" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "integration_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integration_inbox" (
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "integration_inbox_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "integration_outbox_seq_key" ON "integration_outbox"("seq");

-- CreateIndex
CREATE INDEX "integration_outbox_status_next_attempt_at_idx" ON "integration_outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "integration_inbox_status_idx" ON "integration_inbox"("status");

-- Statuses the delivery code relies on; Prisma does not manage CHECK constraints, so they live here.
ALTER TABLE "integration_outbox" ADD CONSTRAINT "integration_outbox_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'PARKED'));
ALTER TABLE "integration_inbox" ADD CONSTRAINT "integration_inbox_status_check" CHECK ("status" IN ('APPLIED', 'PARKED'));
