import { inflateSync } from 'node:zlib';
import t from 'tap';
import { startHarness } from './fixtures/harness.js';

/** The chunks of a PNG: type and data, in order, after checking the signature. */
function pngChunks(bytes: Buffer): { type: string; data: Buffer }[] {
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new Error('not a PNG signature');
  }
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    chunks.push({ type: bytes.toString('latin1', at + 4, at + 8), data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

async function download(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

t.test('the CDN serves a real 150×150 PNG for a picture URL, whatever its signed query', async (t) => {
  const { fake } = await startHarness(t);
  const picture = await download(`${fake.cdnUrl}/v/t51.2885-19/marta-makes_n.png?stp=dst-jpg&oh=00_AY&oe=67A1B2C3`);
  t.equal(picture.status, 200);
  t.equal(picture.type, 'image/png');
  const chunks = pngChunks(picture.bytes);
  t.same(
    chunks.map((chunk) => chunk.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const header = chunks[0]?.data as Buffer;
  t.same(
    [header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]],
    [150, 150, 8, 2],
    '150×150, 8-bit RGB',
  );
  t.equal(inflateSync(chunks[1]?.data as Buffer).length, 150 * (1 + 150 * 3), 'one filtered row of RGB per line');

  const again = await download(`${fake.cdnUrl}/v/t51.2885-19/marta-makes_n.png?oe=67FFFFFF`);
  t.ok(again.bytes.equals(picture.bytes), 'the same file name is the same picture');
  const changed = await download(`${fake.cdnUrl}/v/t51.2885-19/marta-makes-2_n.png`);
  t.notOk(changed.bytes.equals(picture.bytes), 'a new file name is a new picture');
  t.ok(
    fake.requests.some((request) => request.path === '/cdn/v/t51.2885-19/marta-makes_n.png'),
    'the download is in the request log',
  );
});

t.test('the CDN answers 404 for anything but a picture file', async (t) => {
  const { fake } = await startHarness(t);
  t.equal((await download(`${fake.cdnUrl}/v/t51.2885-19/marta.jpg`)).status, 404);
  t.equal((await download(`${fake.cdnUrl}/v/t51.2885-19/..%2Fsecret.png`)).status, 404);
  t.equal((await download(`${fake.cdnUrl}/other/marta.png`)).status, 404);
});
