#!/usr/bin/env node
import { runCli } from './cli/main.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`wxtpl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
