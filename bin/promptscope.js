#!/usr/bin/env node
// The promptscope CLI. Runs the TypeScript sources through tsx so `npx promptscope` works right
// after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

// `promptscope ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
