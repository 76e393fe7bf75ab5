import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { CliError, reportError } from './errors.ts';

/**
 * The promptscope command line: builds the program and runs it.
 *
 * Returns the exit code instead of calling process.exit, so output streams flush and tests can
 * call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('promptscope')
    .description('Few-shot prompting workbench: order sensitivity, label bias, calibration and attention on local ONNX models')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode;
    }
    return reportError(error);
  }
}

export { CliError };
