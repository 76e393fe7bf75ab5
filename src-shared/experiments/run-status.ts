/**
 * The states a run (a study or a learning curve) is stored in, and the one it may be shown in.
 *
 * The database's CHECK constraints (storage/migrations/001-runs.ts, 010-finetune.ts) were written
 * from this list; a migration's text is frozen once shipped, so a new state needs a new migration.
 */
export const RUN_STATUSES = ['running', 'done', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** `interrupted`: stored as running, but the process that owned it is gone (resumable). */
export const RUN_DISPLAY_STATUSES = [...RUN_STATUSES, 'interrupted'] as const;
export type RunDisplayStatus = (typeof RUN_DISPLAY_STATUSES)[number];
