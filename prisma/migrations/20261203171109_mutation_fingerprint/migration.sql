-- AlterTable
ALTER TABLE "Mutation" ADD COLUMN     "inputHash" CHAR(64);
