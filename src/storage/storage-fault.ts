/**
 * What counts as the database being unavailable, as opposed to a bug or a
 * refused statement: a lost or refused connection, a server shutting down or
 * read-only after a failover, a disk that stops writing, a database file that
 * is no longer where the relay opened it. Such a fault is passing (or needs
 * the operator), never the request's fault: it is answered 503 "try again",
 * not 500.
 */
export type StorageFault = 'unreachable' | 'read_only' | 'write_failed' | 'file_replaced';

export class StorageUnavailableError extends Error {
  constructor(
    readonly fault: StorageFault,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** Node's socket errors: the server is down, restarting or out of reach. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** pg's own words when a connection dies or cannot be made; these errors carry no SQLSTATE. */
const PG_CONNECTION_MESSAGES = /^Connection terminated|not queryable|timeout exceeded when trying to connect/;

/** The fault behind `error`, or undefined when it is not the database being unavailable. */
export function storageFaultOf(error: unknown): StorageFault | undefined {
  if (error instanceof StorageUnavailableError) return error.fault;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'unreachable';
    // SQLSTATE classes 08 (connection exception) and 57P (shutdown, crash, starting up); 25006: a standby.
    if (/^08|^57P0[1-4]$/.test(code)) return 'unreachable';
    if (code === '25006') return 'read_only';
    // 53100 disk full, 58030 I/O error on the server.
    if (code === '53100' || code === '58030') return 'write_failed';
    if (code.startsWith('SQLITE_READONLY')) return 'read_only';
    if (/^SQLITE_(IOERR|FULL|CANTOPEN|BUSY|PROTOCOL)/.test(code)) return 'write_failed';
    return undefined;
  }
  return PG_CONNECTION_MESSAGES.test(error.message) ? 'unreachable' : undefined;
}

/** A fault in words an operator can act on, without the error's own text (which may quote SQL or values). */
export function describeFault(fault: StorageFault): string {
  switch (fault) {
    case 'unreachable':
      return 'the database does not answer (down, restarting, or its connections were closed)';
    case 'read_only':
      return 'the database refuses writes (read-only, or a standby after a failover)';
    case 'write_failed':
      return 'the database cannot write (disk full, read-only or failing storage, or locked)';
    case 'file_replaced':
      return 'the database file was deleted or replaced while the relay had it open';
  }
}
