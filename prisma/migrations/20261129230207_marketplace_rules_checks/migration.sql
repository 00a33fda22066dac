-- Rules Prisma's schema language cannot express, for the marketplace rules' tables. A migration of their
-- own: PostgreSQL refuses to use an enum value (DISPUTED, WITHDRAWAL_PENDING) in the transaction that added it.

-- Who holds a task: a worker while it is claimed, handed over or disputed; nobody while it is open; after
-- it ends, the last holder stays recorded (if any).
ALTER TABLE "Task" DROP CONSTRAINT "Task_claimant_matches_status";
ALTER TABLE "Task" ADD CONSTRAINT "Task_claimant_matches_status" CHECK (
    CASE
        WHEN "status" IN ('CLAIMED', 'SUBMITTED', 'DISPUTED') THEN "claimantId" IS NOT NULL
        WHEN "status" = 'OPEN' THEN "claimantId" IS NULL
        ELSE true
    END
);
-- A running claim always has a deadline.
UPDATE "Task" SET "claimExpiresAt" = "claimedAt" + make_interval(hours => "claimHours")
    WHERE "status" = 'CLAIMED' AND "claimExpiresAt" IS NULL;
ALTER TABLE "Task" ADD CONSTRAINT "Task_claim_has_deadline" CHECK ("status" <> 'CLAIMED' OR "claimExpiresAt" IS NOT NULL);
ALTER TABLE "Task" ADD CONSTRAINT "Task_claim_hours_range" CHECK ("claimHours" BETWEEN 1 AND 720);

ALTER TABLE "Account" DROP CONSTRAINT "Account_owner_matches_kind";
ALTER TABLE "Account" ADD CONSTRAINT "Account_owner_matches_kind" CHECK (
    ("kind" = 'WALLET' AND "userId" IS NOT NULL AND "taskId" IS NULL)
    OR ("kind" = 'ESCROW' AND "taskId" IS NOT NULL AND "userId" IS NULL)
    OR ("kind" IN ('PLATFORM_REVENUE', 'EXTERNAL', 'WITHDRAWAL_PENDING') AND "userId" IS NULL AND "taskId" IS NULL)
);

-- At most one open dispute per task.
CREATE UNIQUE INDEX "Dispute_one_open_per_task" ON "Dispute" ("taskId") WHERE "status" = 'OPEN';
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_amounts_non_negative" CHECK (
    coalesce("workerAmount", 0) >= 0 AND coalesce("requesterAmount", 0) >= 0 AND coalesce("fee", 0) >= 0
);

ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "Withdrawal" ADD CONSTRAINT "Withdrawal_amounts" CHECK ("fee" >= 0 AND "amount" > "fee");
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_score_range" CHECK ("score" BETWEEN 1 AND 5);
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_not_self" CHECK ("raterId" <> "rateeId");

-- Live updates: every new notification and every task change is announced to the app servers that
-- LISTEN (each forwards it to its open pages as server-sent events). NOTIFY is delivered at commit, so
-- nobody hears of a change that rolled back.
CREATE FUNCTION "announce_notification"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('jiedan_notification', json_build_object('id', NEW."id", 'userId', NEW."userId")::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER "Notification_announce" AFTER INSERT ON "Notification"
    FOR EACH ROW EXECUTE FUNCTION "announce_notification"();

CREATE FUNCTION "announce_task_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('jiedan_task', json_build_object('id', NEW."id", 'status', NEW."status")::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER "Task_announce" AFTER INSERT OR UPDATE ON "Task"
    FOR EACH ROW EXECUTE FUNCTION "announce_task_change"();

-- The audit log is append-only, like the ledger.
CREATE FUNCTION "forbid_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are immutable';
END;
$$;
CREATE TRIGGER "AuditEntry_immutable" BEFORE UPDATE OR DELETE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"();
