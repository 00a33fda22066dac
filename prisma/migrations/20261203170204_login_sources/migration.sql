-- CreateTable
CREATE TABLE "KnownSignIn" (
    "userId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownSignIn_pkey" PRIMARY KEY ("userId","source")
);

-- CreateIndex
CREATE INDEX "KnownSignIn_lastAt_idx" ON "KnownSignIn"("lastAt");

-- AddForeignKey
ALTER TABLE "KnownSignIn" ADD CONSTRAINT "KnownSignIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
