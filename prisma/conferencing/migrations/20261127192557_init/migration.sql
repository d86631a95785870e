-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('RESERVED', 'RELEASED');

-- CreateTable
CREATE TABLE "BridgeReservation" (
    "id" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "dialInNumber" TEXT NOT NULL,
    "tollFreeNumber" TEXT,
    "accessCode" TEXT NOT NULL,
    "moderatorPin" TEXT NOT NULL,
    "status" "ReservationStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BridgeReservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conference" (
    "id" UUID NOT NULL,
    "reservationId" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Conference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantLeg" (
    "id" UUID NOT NULL,
    "conferenceId" UUID NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "tollFree" BOOLEAN NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3),
    "seconds" INTEGER,

    CONSTRAINT "ParticipantLeg_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BridgeReservation_bookingId_key" ON "BridgeReservation"("bookingId");

-- CreateIndex
CREATE UNIQUE INDEX "BridgeReservation_accessCode_key" ON "BridgeReservation"("accessCode");

-- CreateIndex
CREATE INDEX "Conference_reservationId_idx" ON "Conference"("reservationId");

-- CreateIndex
CREATE INDEX "ParticipantLeg_conferenceId_idx" ON "ParticipantLeg"("conferenceId");

-- AddForeignKey
ALTER TABLE "Conference" ADD CONSTRAINT "Conference_reservationId_fkey" FOREIGN KEY ("reservationId") REFERENCES "BridgeReservation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantLeg" ADD CONSTRAINT "ParticipantLeg_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
