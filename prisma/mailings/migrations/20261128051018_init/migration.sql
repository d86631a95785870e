-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "CampaignStage" AS ENUM ('COLLECTING', 'PRINTING', 'NOTIFYING', 'DONE');

-- CreateEnum
CREATE TYPE "EnvelopeWindow" AS ENUM ('LEFT', 'RIGHT');

-- CreateEnum
CREATE TYPE "AddressPosition" AS ENUM ('DIN_5008_A', 'DIN_5008_B');

-- CreateEnum
CREATE TYPE "SkipReason" AS ENUM ('NO_POSTAL_ADDRESS', 'NO_EMAIL', 'DECLINED_EMAIL_NOTICES');

-- CreateTable
CREATE TABLE "LetterTemplate" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "fields" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LetterTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" UUID NOT NULL,
    "segment" TEXT,
    "country" CHAR(2),
    "hasActiveContract" BOOLEAN,
    "customerIds" UUID[],
    "expectedDeliveryOn" DATE NOT NULL,
    "window" "EnvelopeWindow" NOT NULL DEFAULT 'LEFT',
    "addressPosition" "AddressPosition" NOT NULL DEFAULT 'DIN_5008_B',
    "lettersPerFile" INTEGER NOT NULL DEFAULT 1000,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "stage" "CampaignStage",
    "audienceTotal" INTEGER,
    "salesCursor" TEXT,
    "collected" INTEGER NOT NULL DEFAULT 0,
    "letters" INTEGER NOT NULL DEFAULT 0,
    "audienceComplete" BOOLEAN NOT NULL DEFAULT false,
    "failure" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "letterNumber" INTEGER,
    "name" TEXT NOT NULL,
    "letterSkipped" "SkipReason",
    "noticeSkipped" "SkipReason",
    "addressLines" TEXT[],
    "subject" TEXT,
    "body" TEXT,
    "email" TEXT,
    "emailedAt" TIMESTAMP(3),

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrintFile" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "letters" INTEGER NOT NULL,
    "pages" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrintFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LetterTemplate_name_key" ON "LetterTemplate"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Recipient_campaignId_customerId_key" ON "Recipient"("campaignId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Recipient_campaignId_sequence_key" ON "Recipient"("campaignId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Recipient_campaignId_letterNumber_key" ON "Recipient"("campaignId", "letterNumber");

-- CreateIndex
CREATE UNIQUE INDEX "PrintFile_campaignId_number_key" ON "PrintFile"("campaignId", "number");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "LetterTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintFile" ADD CONSTRAINT "PrintFile_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A print file holds 1 to 10,000 letters: the print shop's batches, and a bound on one file's work.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_letters_per_file_range" CHECK ("lettersPerFile" BETWEEN 1 AND 10000);
-- A recipient either got a letter (with its number) or was skipped with the reason.
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_letter_or_reason" CHECK (("letterNumber" IS NULL) = ("letterSkipped" IS NOT NULL));
