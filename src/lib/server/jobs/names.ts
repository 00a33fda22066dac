// The job queue's names, shared by the app and by tests that send it jobs (no other imports).
export const JOBS_SCHEMA = 'pgboss';
export const SWEEP_QUEUE = 'jiedan-sweep';
export const SWEEP_CRON = '* * * * *';
export const CLEANUP_QUEUE = 'jiedan-cleanup';
/** Hourly, off the full hour when other cron jobs on the machine tend to run. */
export const CLEANUP_CRON = '7 * * * *';
