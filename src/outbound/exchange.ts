import type { ExtendOptions, Got, StreamOptions } from 'got';

/**
 * Outbound HTTP exchanges through got's stream interface, collecting the
 * answer as text. The stream interface skips got's promise layer, which costs
 * about a quarter of got's CPU per call; timeouts, agents, DNS hooks and
 * errors are got's as usual. An answer larger than `maxBytes` is cut off with
 * an error rather than buffered.
 *
 * got (about 11 MB resident with what it loads) is loaded with the first
 * exchange, so a relay that has not yet talked to anyone stays small.
 */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class AnswerTooLarge extends Error {
  readonly code = 'ERR_ANSWER_TOO_LARGE';
}

export type ExchangeOptions = StreamOptions & { maxBytes: number };
export type Exchange = (url: string, options: ExchangeOptions) => Promise<Answer>;

/** An exchange function over a got instance made with `defaults`, created on the first call. */
export function outboundClient(defaults: ExtendOptions): Exchange {
  let client: Promise<Got> | undefined;
  return async (url, options) => {
    client ??= import('got').then(({ default: got }) => got.extend(defaults));
    return exchange(await client, url, options);
  };
}

function exchange(client: Got, url: string, options: ExchangeOptions): Promise<Answer> {
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
