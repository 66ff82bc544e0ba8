// A phone photo is made smaller in the browser before it is uploaded (long side at most
// 2000 px, JPEG): an 18 MB 3000×2000 picture, far above the 5 MB limit, arrives as a JPEG that
// fits.
const { test, expect } = require('@playwright/test');
const zlib = require('node:zlib');
const { hydrated, signIn } = require('./helpers');

/** A PNG of `w`×`h` noisy pixels (RGB, 8 bit): large, as an unedited phone photo is. */
function noisyPng(w, h) {
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  let seed = 42;
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0; // no filter
    for (let i = 1; i <= w * 3; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      raw[row + i] = (i + y) % 256 ^ (seed >>> 24);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a large photo is made smaller in the browser and uploaded as a JPEG', async ({ browser }) => {
  const photo = noisyPng(3000, 2000);
  expect(photo.length).toBeGreaterThan(5 * 1024 * 1024);
  const warga = await signIn(browser, '5371045505900001', 'warga123');
  await warga.goto('/permohonan/baru?jenis=domisili');
  await hydrated(warga);
  await warga.locator('#lampiran-ktp').setInputFiles({ name: 'ktp-dari-hp.png', mimeType: 'image/png', buffer: photo });
  const done = warga.locator('.field.attachment .upload.done');
  await expect(done).toContainText('ktp-dari-hp.jpg');
  await expect(done).toContainText('JPEG');
});
