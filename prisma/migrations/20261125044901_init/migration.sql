-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserKind" AS ENUM ('PERSON', 'ORGANISATION');

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('WALLET', 'ESCROW', 'PLATFORM_REVENUE', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "TransferCode" AS ENUM ('DEPOSIT', 'PUBLISH_HOLD', 'RELEASE', 'COMMISSION', 'REFUND', 'WITHDRAWAL');

-- CreateEnum
CREATE TYPE "TaskCategory" AS ENUM ('ENGINEERING', 'ERRAND', 'HOUSEHOLD', 'TUTORING', 'OTHER');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "HandoverStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('UPLOADING', 'COMPLETE');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "kind" "UserKind" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "userId" UUID,
    "taskId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Transfer" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "code" "TransferCode" NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "debitAccountId" UUID NOT NULL,
    "creditAccountId" UUID NOT NULL,
    "taskId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "requesterId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "TaskCategory" NOT NULL,
    "address" TEXT NOT NULL,
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "conditions" TEXT,
    "bounty" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "commissionBps" INTEGER NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "claimantId" UUID,
    "claimedAt" TIMESTAMPTZ(3),
    "reworkCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "report" TEXT NOT NULL,
    "status" "HandoverStatus" NOT NULL DEFAULT 'PENDING',
    "reviewerId" UUID,
    "reviewReason" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Handover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandoverFile" (
    "handoverId" UUID NOT NULL,
    "fileId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "HandoverFile_pkey" PRIMARY KEY ("handoverId","fileId")
);

-- CreateTable
CREATE TABLE "Upload" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "declaredType" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "offset" INTEGER NOT NULL DEFAULT 0,
    "bytesReceived" BIGINT NOT NULL DEFAULT 0,
    "status" "UploadStatus" NOT NULL DEFAULT 'UPLOADING',
    "fileId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mutation" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Mutation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_taskId_key" ON "Account"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_kind_userId_currency_key" ON "Account"("kind", "userId", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "Transfer_key_key" ON "Transfer"("key");

-- CreateIndex
CREATE INDEX "Transfer_debitAccountId_createdAt_idx" ON "Transfer"("debitAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "Transfer_creditAccountId_createdAt_idx" ON "Transfer"("creditAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "Transfer_taskId_idx" ON "Transfer"("taskId");

-- CreateIndex
CREATE INDEX "Task_status_createdAt_id_idx" ON "Task"("status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Task_requesterId_createdAt_idx" ON "Task"("requesterId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Task_claimantId_createdAt_idx" ON "Task"("claimantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Handover_status_createdAt_idx" ON "Handover"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Handover_taskId_createdAt_idx" ON "Handover"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "Upload_ownerId_createdAt_idx" ON "Upload"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "StoredFile_ownerId_sha256_idx" ON "StoredFile"("ownerId", "sha256");

-- CreateIndex
CREATE INDEX "Mutation_userId_createdAt_idx" ON "Mutation"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_debitAccountId_fkey" FOREIGN KEY ("debitAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_creditAccountId_fkey" FOREIGN KEY ("creditAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_claimantId_fkey" FOREIGN KEY ("claimantId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverFile" ADD CONSTRAINT "HandoverFile_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverFile" ADD CONSTRAINT "HandoverFile_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mutation" ADD CONSTRAINT "Mutation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules Prisma's schema language cannot express (kept by hand below this line).

-- Money: no wallet, escrow or revenue account below zero; the EXTERNAL account mirrors money that came in
-- from outside and is the only one allowed to be negative. Σ of all balances stays 0 by construction.
ALTER TABLE "Account" ADD CONSTRAINT "Account_balance_non_negative" CHECK ("kind" = 'EXTERNAL' OR "balance" >= 0);
ALTER TABLE "Account" ADD CONSTRAINT "Account_owner_matches_kind" CHECK (
    ("kind" = 'WALLET' AND "userId" IS NOT NULL AND "taskId" IS NULL)
    OR ("kind" = 'ESCROW' AND "taskId" IS NOT NULL AND "userId" IS NULL)
    OR ("kind" IN ('PLATFORM_REVENUE', 'EXTERNAL') AND "userId" IS NULL AND "taskId" IS NULL)
);
-- One platform revenue and one external account per currency.
CREATE UNIQUE INDEX "Account_system_kind_currency_key" ON "Account" ("kind", "currency") WHERE "userId" IS NULL AND "taskId" IS NULL;
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_distinct_accounts" CHECK ("debitAccountId" <> "creditAccountId");
ALTER TABLE "Task" ADD CONSTRAINT "Task_bounty_positive" CHECK ("bounty" > 0);
ALTER TABLE "Task" ADD CONSTRAINT "Task_commission_range" CHECK ("commissionBps" BETWEEN 0 AND 10000);
ALTER TABLE "Task" ADD CONSTRAINT "Task_claimant_matches_status" CHECK (("status" IN ('CLAIMED', 'SUBMITTED')) = ("claimantId" IS NOT NULL) OR "status" = 'COMPLETED');

-- Transfers are immutable: corrections are new transfers, never edits.
CREATE FUNCTION "forbid_transfer_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are immutable';
END;
$$;
CREATE TRIGGER "Transfer_immutable" BEFORE UPDATE OR DELETE ON "Transfer"
    FOR EACH ROW EXECUTE FUNCTION "forbid_transfer_change"();
