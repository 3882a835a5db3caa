/**
 * Instagram's picture CDN (scontent.cdninstagram.com) under `/cdn`: a profile
 * picture at `/cdn/v/t51.2885-19/<name>.png`, so a client can download the
 * `profile_picture_url` `/me` returns, as a store does to keep a copy. Real
 * picture URLs carry signed, expiring query parameters (`oh`, `oe`); a new
 * picture gets a new file name, so the fake serves any query string and draws
 * the picture from the file name alone: the same name always gives the same
 * bytes, another name another colour.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { interceptFor } from './intercept.js';
import type { FakeState } from './state.js';

/** Instagram's profile pictures are square; 150 px is the size `/me` links to. */
const SIZE = 150;

/** Where profile pictures sit on the CDN, as in real URLs. */
export const PICTURE_PATH = '/cdn/v/t51.2885-19/';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A PNG of a head-and-shoulders silhouette on a background whose colour comes
 * from `name`: recognisably an avatar, and visibly different for another name.
 */
export function profilePicturePng(name: string): Buffer {
  const [red = 0, green = 0, blue = 0] = createHash('sha256').update(name).digest();
  // Mid-tone background, a lighter figure in the same hue.
  const background = [96 + (red % 128), 96 + (green % 128), 96 + (blue % 128)];
  const figure = background.map((value) => Math.min(255, value + 90));
  const center = SIZE / 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 3); // filter byte 0 (None), then RGB
    for (let x = 0; x < SIZE; x++) {
      const head = (x - center) ** 2 + (y - SIZE * 0.4) ** 2 <= (SIZE * 0.19) ** 2;
      const shoulders = ((x - center) / (SIZE * 0.36)) ** 2 + ((y - SIZE * 1.02) / (SIZE * 0.4)) ** 2 <= 1;
      const colour = head || shoulders ? figure : background;
      row.set(colour, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function registerProfilePictureRoutes(app: FastifyInstance, state: FakeState): void {
  app.get(`${PICTURE_PATH}:file`, { preHandler: interceptFor(state, null) }, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!/^[A-Za-z0-9._-]+\.png$/.test(file)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    return reply
      .type('image/png')
      .header('cache-control', 'max-age=1209600')
      .send(profilePicturePng(file.slice(0, -'.png'.length)));
  });
}
