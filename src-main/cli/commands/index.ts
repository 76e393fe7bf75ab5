import type { Command } from 'commander';
import { registerAttentionCommand } from './attention.ts';
import { registerGenerateCommand } from './generate.ts';
import { registerModelsCommand } from './models.ts';
import { registerNextCommand } from './next.ts';
import { registerScoreCommand } from './score.ts';
import { registerRunCommand } from './run.ts';
import { registerRunsCommand } from './runs.ts';
import { registerExportCommand } from './export.ts';
import { registerServeCommand } from './serve.ts';
import { registerFinetuneCommand } from './finetune.ts';
import { registerClassifyCommand } from './classify.ts';
import { registerLensCommand } from './lens.ts';
import { registerInsideCommands } from './inside-analyses.ts';
import { registerFillCommand } from './fill.ts';
import { registerMlmProbeCommand } from './mlm-probe.ts';

/**
 * Every command module registers itself here, one line each, in the order `--help` lists them.
 */
export function registerCommands(program: Command): void {
  registerModelsCommand(program);
  registerNextCommand(program);
  registerScoreCommand(program);
  registerGenerateCommand(program);
  registerAttentionCommand(program);
  registerFillCommand(program);
  registerMlmProbeCommand(program);
  registerRunCommand(program);
  registerRunsCommand(program);
  registerExportCommand(program);
  registerServeCommand(program);
  registerFinetuneCommand(program);
  registerClassifyCommand(program);
  registerLensCommand(program);
  registerInsideCommands(program);
}
