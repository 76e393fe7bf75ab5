import { migration001Runs } from './001-runs.ts';
import { migration002Results } from './002-results.ts';
import { migration003Examples } from './003-examples.ts';
import { migration004RunOwner } from './004-run-owner.ts';
import { migration010Finetune } from './010-finetune.ts';
import { migration030RunLease } from './030-run-lease.ts';
import { migration031RunStats } from './031-run-stats.ts';
import { migration040RunTags } from './040-run-tags.ts';
import { migration090Probing } from './090-probing.ts';
import type { Migration } from './migration.ts';

/**
 * Every schema step, one line each, in version order.
 *
 * 001-009: experiments (runs, results, examples, run owner). 010-019: fine-tuning's tables.
 * 030-039: run leases and the run-list summary table.
 * 040-049: the workbench's own run labels (tags). 090-099: Lu et al.'s generated probing sets.
 */
export const migrations: readonly Migration[] = [migration001Runs, migration002Results, migration003Examples, migration004RunOwner, migration010Finetune, migration030RunLease, migration031RunStats, migration040RunTags, migration090Probing];

export type { Migration };
