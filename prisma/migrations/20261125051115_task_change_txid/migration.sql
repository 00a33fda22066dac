-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "changeTxid" xid8;

-- Rules Prisma's schema language cannot express (kept by hand below this line).

-- Every write to a task records the writing transaction's id; sync.pull finds changes by comparing these
-- ids with the snapshot a client last synced at, which stays correct even when transactions commit out of
-- the order they started in (a plain sequence would not).
CREATE FUNCTION "task_record_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."changeTxid" := pg_current_xact_id();
    RETURN NEW;
END;
$$;
CREATE TRIGGER "Task_record_change" BEFORE INSERT OR UPDATE ON "Task"
    FOR EACH ROW EXECUTE FUNCTION "task_record_change"();
UPDATE "Task" SET "changeTxid" = pg_current_xact_id();
CREATE INDEX "Task_changeTxid_id_idx" ON "Task" ("changeTxid", "id");
