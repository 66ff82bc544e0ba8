// The whole Surat Keterangan Domisili flow, clicked in Chromium by a resident, a kelurahan
// clerk and the lurah, ending with a PDF that carries the letter number and a QR page.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { attachAll, signIn, signWithPassphrase } = require('./helpers');

test('a Domisili letter goes from resident to clerk to lurah and comes back as a PDF', async ({ browser }) => {
  const purpose = 'Melamar pekerjaan di Dinas Kesehatan Kota Kupang';

  // Resident: sees her record, asks for the letter.
  const warga = await signIn(browser, '5371045505900001', 'warga123');
  await expect(warga.locator('.record')).toContainText('MARIA GORETI LENDE');
  await warga.getByRole('link', { name: 'Ajukan surat baru' }).click();
  await warga.waitForSelector('.app[data-hydrated="true"]');
  await warga.getByLabel('Jenis surat').selectOption('domisili');
  await expect(warga.locator('.requirements')).toContainText('Lama proses');
  await warga.getByLabel('Keperluan').fill(purpose);
  const attached = await attachAll(warga);
  await warga.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await expect(warga).toHaveURL(/\/permohonan\/[0-9a-f-]{36}$/);
  await expect(warga.locator('.badge')).toContainText('Diajukan');
  const requestUrl = new URL(warga.url()).pathname;

  // Clerk of Kelurahan Oebobo: finds it in the queue and verifies it.
  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123');
  await clerk.goto('/antrian');
  await clerk.waitForSelector('.app[data-hydrated="true"]');
  await clerk.locator(`a[href="${requestUrl}"]`).click();
  await expect(clerk.getByRole('heading', { name: 'Catatan kependudukan saat ini' })).toBeVisible();
  // The attachments are shown beside the request, as pictures.
  await expect(clerk.locator('.attachment-list img')).toHaveCount(attached);
  await clerk.getByRole('button', { name: 'Verifikasi' }).click();
  await expect(clerk.locator('.badge')).toContainText('Diverifikasi');

  // Lurah: signs it; a number is given.
  const lurah = await signIn(browser, 'lurah.oebobo', 'serambi123');
  await lurah.goto('/antrian');
  await lurah.waitForSelector('.app[data-hydrated="true"]');
  await lurah.locator(`a[href="${requestUrl}"]`).click();
  await signWithPassphrase(lurah);
  const numberEl = lurah.locator('.letter-number');
  await expect(numberEl).toContainText(/^400\.12\.2\.1\/\d{3}\/KEL-OBB\/[IVX]+\/\d{4}$/);
  const number = (await numberEl.textContent()).trim();

  // Resident: downloads the PDF; it contains the number and the purpose.
  await warga.goto(requestUrl);
  await warga.waitForSelector('.app[data-hydrated="true"]');
  await expect(warga.locator('.badge')).toContainText('Selesai');
  const [download] = await Promise.all([
    warga.waitForEvent('download'),
    warga.getByRole('link', { name: 'Unduh surat (PDF)' }).click(),
  ]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  expect(text).toContain(number);
  expect(text).toContain(purpose);

  // Anyone with the QR code: the verification page says it is genuine, NIK masked.
  await warga.getByRole('link', { name: 'Periksa keaslian' }).click();
  await expect(warga.locator('[data-result="asli"]')).toContainText(number);
  await expect(warga.locator('[data-result="asli"]')).toContainText('5371**********01');
  await expect(warga.locator('body')).not.toContainText('5371045505900001');

  // Nothing the server logged during the flow carries a NIK or KK number.
  const log = fs.readFileSync(path.join(__dirname, '..', 'test-results', 'server.log'), 'utf8');
  expect(log).toContain('letter signed');
  expect(log).not.toMatch(/\d{16}/);
});
