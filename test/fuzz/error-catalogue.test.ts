import t from 'tap';
import { ERROR_CODES, RelayError } from '../../src/errors.js';

/** Every code the fuzz suite accepts in an answer is a catalogue code with a status and a message for people. */
t.test('every code of the error catalogue has a status and a message', async (t) => {
  t.ok(ERROR_CODES.length >= 30, `${ERROR_CODES.length} codes`);
  for (const code of ERROR_CODES) {
    const error = new RelayError(code);
    t.match(code, /^[a-z]+(_[a-z]+)*$/, `${code} is a stable snake_case code`);
    t.ok(error.status >= 400 && error.status < 600 && error.message !== '', `${code} has a status and a message`);
  }
});
