#!/usr/bin/env node
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readStdin: async () => {
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data;
  },
}).catch((error: unknown) => {
  process.stderr.write(`ig-login-relay: ${(error as Error).message}\n`);
  return 1;
});
process.exit(code);
