-- CreateIndex
CREATE INDEX "HandoverFile_fileId_idx" ON "HandoverFile"("fileId");

-- CreateIndex
CREATE INDEX "Upload_status_updatedAt_idx" ON "Upload"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Upload_fileId_idx" ON "Upload"("fileId");

-- CreateIndex
CREATE INDEX "StoredFile_ownerId_createdAt_idx" ON "StoredFile"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "StoredFile_createdAt_idx" ON "StoredFile"("createdAt");

-- CreateIndex
CREATE INDEX "DisputeFile_fileId_idx" ON "DisputeFile"("fileId");

-- CreateIndex
CREATE INDEX "VerificationFile_fileId_idx" ON "VerificationFile"("fileId");

-- CreateIndex
CREATE INDEX "MessageFile_fileId_idx" ON "MessageFile"("fileId");
