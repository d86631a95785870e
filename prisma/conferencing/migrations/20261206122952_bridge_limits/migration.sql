-- AlterTable
-- Reservations made before bookings' events carried the expected participants get the cap a
-- booking of the most participants bookings accepts (500) would get with the default margin
-- (20 %): 600. New reservations always get their own.
ALTER TABLE "BridgeReservation" ADD COLUMN     "maxParticipants" INTEGER NOT NULL DEFAULT 600;
ALTER TABLE "BridgeReservation" ALTER COLUMN "maxParticipants" DROP DEFAULT;

-- CreateTable
CREATE TABLE "AccessCodeFailureWindow" (
    "callerKey" TEXT NOT NULL,
    "windowStartedAt" TIMESTAMP(3) NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "AccessCodeFailureWindow_pkey" PRIMARY KEY ("callerKey")
);
