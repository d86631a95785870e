-- CreateTable
CREATE TABLE "FileDownload" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "linkExpiresAt" TIMESTAMP(3) NOT NULL,
    "downloadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FileDownload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FileDownload_campaignId_downloadedAt_idx" ON "FileDownload"("campaignId", "downloadedAt");
