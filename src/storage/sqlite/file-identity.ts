import { statSync } from 'node:fs';
import { StorageUnavailableError } from '../storage-fault.js';

/**
 * SQLite keeps writing to a database file that was deleted or replaced while
 * it was open: the writes succeed, and no restart will ever see them. This
 * remembers which file (device and inode) the path named when it was opened;
 * `check()` throws once the path names another file or none, and from then on
 * always (the open connection can never reach the file at the path again).
 */
export interface FileIdentity {
  /** Throws a StorageUnavailableError ('file_replaced') when the path no longer names the opened file. */
  check(): void;
}

export function watchFileIdentity(path: string, onLost: (error: StorageUnavailableError) => void): FileIdentity {
  const opened = statSync(path);
  let lost: StorageUnavailableError | undefined;
  return {
    check() {
      if (lost !== undefined) throw lost;
      let now: { dev: number; ino: number } | undefined;
      try {
        now = statSync(path);
      } catch {
        now = undefined;
      }
      if (now?.dev === opened.dev && now.ino === opened.ino) return;
      lost = new StorageUnavailableError(
        'file_replaced',
        `${path} ${now === undefined ? 'was deleted' : 'was replaced by another file'} while the relay had it open`,
      );
      onLost(lost);
      throw lost;
    },
  };
}
