/**
 * JSON.parse that keeps every digit of large integers. Instagram writes
 * 17-digit user IDs as bare JSON numbers (above 2^53), which JSON.parse
 * silently rounds: https://github.com/fbsamples/threads_api/issues/9.
 * Integers outside the safe range come back as strings instead.
 */
export function parseJsonLosslessly(text: string): unknown {
  // Fast path: without 16 consecutive digits no integer can exceed 2^53.
  return JSON.parse(/\d{16}/.test(text) ? quoteUnsafeIntegers(text) : text);
}

function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') {
      i = endOfString(text, i);
    } else if (char === '-' || isDigit(char)) {
      const end = endOfNumber(text, i);
      const literal = text.slice(i, end);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, i)}"${literal}"`;
        copiedUpTo = end;
      }
      i = end;
    } else {
      i += 1;
    }
  }
  return out + text.slice(copiedUpTo);
}

/** Index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function endOfNumber(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && /[0-9eE.+-]/.test(text[i] as string)) i += 1;
  return i;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
