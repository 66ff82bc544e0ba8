// The letter catalogue as a resident meets it: what each letter needs before signing in, then a
// Surat Keterangan Penghasilan with an amount in Rupiah and its required attachments.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const { attachAll, hydrated, sendRequest, signIn, signWithPassphrase } = require('./helpers');

test('anyone sees what each letter needs; a resident gets an income letter with the amount in words', async ({ browser, page }) => {
  // Before signing in: the catalogue, and one letter type's requirements.
  await page.goto('/layanan');
  await expect(page.locator('.services li')).toHaveCount(11);
  await page.getByRole('link', { name: 'Surat Keterangan Penghasilan' }).click();
  const req = page.locator('.requirements');
  await expect(req).toContainText('Lama proses');
  await expect(req).toContainText('hari kerja');
  await expect(req).toContainText('Foto KTP-el — wajib');
  await expect(req).toContainText('Lurah');

  const warga = await signIn(browser, '5371045505900001', 'warga123');
  await warga.goto('/permohonan/baru?jenis=kematian');
  await hydrated(warga);
  // A person from the resident's own family card is picked from a list.
  await expect(warga.locator('#field-almarhum option')).toContainText(['YOHANES LENDE (KEPALA KELUARGA)']);

  await warga.goto('/permohonan/baru?jenis=penghasilan');
  await hydrated(warga);
  await warga.locator('#field-pekerjaan').fill('Penjual ikan di Pasar Oeba');
  await warga.locator('#field-penghasilan').fill('Rp 2.500.000');
  await expect(warga.locator('.money-words')).toContainText('dua juta lima ratus ribu rupiah');
  await warga.locator('#field-jumlah_tanggungan').fill('tiga');
  await warga.locator('#field-keperluan').fill('Persyaratan beasiswa anak');
  // Checked in the browser before anything is sent: a number, and the required attachments.
  await warga.getByRole('button', { name: 'Lanjut: periksa isian' }).click();
  await expect(warga.locator('.alert.error')).toContainText('bilangan bulat');
  await expect(warga.locator('.alert.error')).toContainText('Foto KTP-el wajib dilampirkan');
  await warga.locator('#field-jumlah_tanggungan').fill('3');
  await attachAll(warga);
  await sendRequest(warga);
  await expect(warga.locator('.record').first()).toContainText('Rp2.500.000,00');
  const requestUrl = new URL(warga.url()).pathname;

  for (const [login, button] of [['petugas.oebobo', 'Verifikasi'], ['lurah.oebobo', 'Tandatangani']]) {
    const official = await signIn(browser, login, 'serambi123');
    await official.goto(requestUrl);
    await hydrated(official);
    if (button === 'Tandatangani') await signWithPassphrase(official);
    else await official.getByRole('button', { name: button, exact: true }).click();
    await expect(official.locator('.badge')).not.toContainText(button === 'Verifikasi' ? 'Diajukan' : 'Diverifikasi');
  }
  await warga.goto(requestUrl);
  await hydrated(warga);
  const [download] = await Promise.all([
    warga.waitForEvent('download'),
    warga.getByRole('link', { name: 'Unduh surat (PDF)' }).click(),
  ]);
  const text = execFileSync('pdftotext', [await download.path(), '-']).toString().replace(/\s+/g, ' ');
  expect(text).toContain('Rp2.500.000,00');
  expect(text).toContain('dua juta lima ratus ribu rupiah');
  expect(text).toContain('Penjual ikan di Pasar Oeba');
});
