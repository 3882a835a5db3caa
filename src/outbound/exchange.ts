import type { Got, StreamOptions } from 'got';

/**
 * One outbound HTTP exchange through got's stream interface, collecting the
 * answer as text. The stream interface skips got's promise layer, which costs
 * about a quarter of got's CPU per call (bench/RESULTS.md); timeouts, agents,
 * DNS hooks and errors are got's as usual. An answer larger than `maxBytes` is
 * cut off with an error rather than buffered.
 */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class AnswerTooLarge extends Error {
  readonly code = 'ERR_ANSWER_TOO_LARGE';
}

export function exchange(client: Got, url: string, options: StreamOptions & { maxBytes: number }): Promise<Answer> {
  const { maxBytes, ...request } = options;
  return new Promise((resolve, reject) => {
    const stream = client.stream(url, request);
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let headers: Answer['headers'] = {};
    stream.on('response', (response: { statusCode: number; headers: Answer['headers'] }) => {
      status = response.statusCode;
      headers = response.headers;
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stream.destroy(new AnswerTooLarge(`the answer is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    stream.on('end', () => resolve({ status, headers, body: Buffer.concat(chunks, size).toString('utf8') }));
    stream.on('error', reject);
  });
}
