import t from 'tap';
import { describeFault, storageFaultOf, StorageUnavailableError } from '../../src/storage/storage-fault.js';

/** Which errors are the database being unavailable (503, try again) and which are not (a bug: 500). */
const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

t.test('faults by their code or pg’s words; everything else is not one', async (t) => {
  const cases: [unknown, string | undefined][] = [
    [new StorageUnavailableError('file_replaced', 'gone'), 'file_replaced'],
    [coded('ECONNREFUSED'), 'unreachable'],
    [coded('57P01', 'terminating connection due to administrator command'), 'unreachable'],
    [coded('57P03', 'the database system is starting up'), 'unreachable'],
    [coded('08006'), 'unreachable'],
    [coded('25006', 'cannot execute INSERT in a read-only transaction'), 'read_only'],
    [coded('53100', 'could not extend file: No space left on device'), 'write_failed'],
    [coded('SQLITE_IOERR_WRITE', 'disk I/O error'), 'write_failed'],
    [coded('SQLITE_FULL'), 'write_failed'],
    [coded('SQLITE_BUSY'), 'write_failed'],
    [coded('SQLITE_READONLY_DBMOVED'), 'read_only'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('Client has encountered a connection error and is not queryable'), 'unreachable'],
    [new Error('timeout exceeded when trying to connect'), 'unreachable'],
    [coded('23505', 'duplicate key value violates unique constraint'), undefined],
    [coded('SQLITE_CONSTRAINT_PRIMARYKEY'), undefined],
    [new TypeError('The database connection is not open'), undefined],
    ['ECONNREFUSED', undefined],
    [null, undefined],
  ];
  for (const [error, fault] of cases) t.equal(storageFaultOf(error), fault, String((error as Error)?.message ?? error));
});

t.test('every fault has words for the operator', async (t) => {
  for (const fault of ['unreachable', 'read_only', 'write_failed', 'file_replaced'] as const) {
    t.match(describeFault(fault), /^the database/);
  }
});
