// The job queue's names, shared by the app and by tests that send it jobs (no other imports).
export const JOBS_SCHEMA = 'pgboss';
export const SWEEP_QUEUE = 'jiedan-sweep';
export const SWEEP_CRON = '* * * * *';
