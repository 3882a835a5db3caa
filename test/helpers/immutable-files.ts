import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/**
 * Files no process can write, root included: `chattr +i` (chmod does not stop
 * root). Needs e2fsprogs and a file system with the immutable flag (ext4,
 * xfs, btrfs; not tmpfs or overlayfs).
 */
export function chattr(flag: '+i' | '-i', paths: readonly string[]): void {
  execFileSync('chattr', [flag, ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new folder on a file system where `chattr +i` works; removed (made mutable first) when `t` ends. */
export function immutableCapableFolder(t: Test, prefix: string): string {
  const candidates = [tmpdir(), '/var/tmp', process.cwd()];
  const tried: string[] = [];
  for (const base of candidates) {
    const dir = mkdtempSync(join(base, prefix));
    const probe = join(dir, 'probe');
    try {
      writeFileSync(probe, '');
      chattr('+i', [probe]);
      chattr('-i', [probe]);
      rmSync(probe);
      t.teardown(() => {
        try {
          execFileSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      return dir;
    } catch (error) {
      tried.push(`${base}: ${(error as Error).message.split('\n')[0]}`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(
    `this test makes files immutable with chattr +i, as root, on ext4/xfs/btrfs (apt-get install e2fsprogs); ` +
      `no folder allowed it:\n${tried.join('\n')}`,
  );
}
