import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Test } from 'tap';
import { freeLoopbackPort } from '../../src/dev/free-port.js';

/**
 * A PostgreSQL server of the test's own (initdb in a temporary folder, its
 * own port), so that stopping and starting it disturbs no other suite. Run as
 * root, it runs the server as the `postgres` user, as Debian's packages do.
 */
export interface PrivatePostgres {
  url: string;
  /** `pg_ctl stop -m fast`: every connection is told "terminating connection due to administrator command". */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const BIN = '/usr/lib/postgresql/15/bin';

export async function startPrivatePostgres(t: Test): Promise<PrivatePostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15's server programs are missing from ${BIN}: run test/postgres/ensure-running.sh`);
  }
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'relay-private-pg-'));
  const data = join(dir, 'data');
  // Asynchronous: the shoppers in this process keep going while the server stops and starts.
  const exec = async (file: string, args: string[]) => {
    await promisify(execFile)(file, args, { cwd: dir });
  };
  const run = (program: string, args: string[]) =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]) : exec(join(BIN, program), args);
  if (asRoot) await exec('chown', ['-R', 'postgres:postgres', dir]);
  const port = await freeLoopbackPort();
  // No fsync: this cluster holds test data only, and the test is about connections, not durability.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=60`;
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), ...args]);
  const start = () => pgCtl('start', '-w', '-t', '60', '-o', options);
  await start();
  t.teardown(async () => {
    await pgCtl('stop', '-m', 'immediate', '-w').catch(() => undefined); // already stopped
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => pgCtl('stop', '-m', 'fast', '-w', '-t', '60'),
    start,
  };
}
