-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;
