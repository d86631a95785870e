-- AlterTable
ALTER TABLE "BridgeReservation" ADD COLUMN     "appliedRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "recording" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "validFrom" TIMESTAMP(3),
ADD COLUMN     "validUntil" TIMESTAMP(3);

-- Reservations made before the window was kept: the booked window lives in bookings, so they
-- get an empty one in the past (closed to the bridge) until the booking's next
-- booking.scheduled event moves them; their conferences, if any, already took place.
UPDATE "BridgeReservation" SET "validFrom" = "createdAt", "validUntil" = "createdAt" + interval '1 second';
ALTER TABLE "BridgeReservation" ALTER COLUMN "validFrom" SET NOT NULL, ALTER COLUMN "validUntil" SET NOT NULL;

-- Hand-written (Prisma does not manage CHECKs or partial indexes):
ALTER TABLE "BridgeReservation" ADD CONSTRAINT "BridgeReservation_window_check" CHECK ("validFrom" < "validUntil");
-- One running conference per reservation, whatever races the bridge sends.
CREATE UNIQUE INDEX "Conference_one_running_per_reservation" ON "Conference"("reservationId") WHERE "endedAt" IS NULL;
ALTER TABLE "Conference" ADD CONSTRAINT "Conference_ends_after_start_check" CHECK ("endedAt" IS NULL OR "endedAt" >= "startedAt");
ALTER TABLE "ParticipantLeg" ADD CONSTRAINT "ParticipantLeg_leaves_after_join_check" CHECK ("leftAt" IS NULL OR "leftAt" >= "joinedAt");
