// Surat Keterangan Ahli Waris: resident → kelurahan clerk → lurah (approves) → kecamatan clerk
// → camat signs with the kecamatan's number.
const { test, expect } = require('@playwright/test');
const { attachAll, sendRequest, signIn, hydrated, signWithPassphrase } = require('./helpers');

test('an Ahli Waris letter passes the kelurahan and the kecamatan and the camat signs it', async ({ browser }) => {
  const yosef = await signIn(browser, '5371022001750001', 'warga123');
  await yosef.getByRole('link', { name: 'Ajukan surat baru' }).click();
  await yosef.getByRole('link', { name: /Surat Keterangan Ahli Waris/ }).click();
  await hydrated(yosef);
  // The deceased is given by NIK and looked up in the population record.
  await yosef.locator('#field-pewaris').fill('5371021505450001');
  await yosef.locator('#field-tanggal_meninggal').fill('2026-08-17');
  await yosef.locator('#field-tempat_meninggal').fill('RSUD W. Z. Johannes, Kupang');
  // Heirs are repeatable rows: one is there, a second is added.
  await yosef.locator('#field-ahli_waris-0-nama').fill('Yosef Benu');
  await yosef.locator('#field-ahli_waris-0-nik').fill('5371022001750001');
  await yosef.locator('#field-ahli_waris-0-hubungan').selectOption('Anak kandung');
  await yosef.getByRole('button', { name: '+ Tambah ahli waris' }).click();
  await yosef.locator('#field-ahli_waris-1-nama').fill('Maria Benu');
  await yosef.locator('#field-ahli_waris-1-hubungan').selectOption('Anak kandung');
  await yosef.locator('#field-saksi-0-nama').fill('Agustina Benu');
  await yosef.locator('#field-saksi-0-nik').fill('5371024707780001');
  await yosef.locator('#field-saksi-1-nama').fill('Petrus Benu');
  await yosef.locator('#field-saksi-1-nik').fill('5371021003050001');
  await yosef.locator('#field-keperluan').fill('Balik nama sertifikat tanah');
  // A wrong NIK is refused by the server with a message beside the field; nothing is sent twice.
  await yosef.locator('#field-saksi-1-nik').fill('5371021505460009');
  await attachAll(yosef);
  await yosef.getByRole('button', { name: 'Lanjut: periksa isian' }).click();
  await expect(yosef.locator('.field-error').first()).toContainText('NIK tidak terdaftar');
  await yosef.locator('#field-saksi-1-nik').fill('5371021003050001');
  await sendRequest(yosef);
  const requestUrl = new URL(yosef.url()).pathname;

  const steps = [
    ['petugas.oepura', 'Verifikasi', 'Diverifikasi kelurahan'],
    ['lurah.oepura', 'Setujui dan teruskan ke kecamatan', 'diteruskan ke kecamatan'],
    ['petugas.kec.maulafa', 'Verifikasi (kecamatan)', 'Diverifikasi kecamatan'],
    ['camat.maulafa', 'Tandatangani', 'Selesai'],
  ];
  for (const [login, button, status] of steps) {
    const page = await signIn(browser, login, 'serambi123');
    await page.goto('/antrian');
    await hydrated(page);
    await page.locator(`a[href="${requestUrl}"]`).click();
    if (button === 'Tandatangani') await signWithPassphrase(page);
    else await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.locator('.badge')).toContainText(status);
    if (login === 'petugas.oepura') {
      // The clerk sees the heirs as a table and the looked-up deceased by name.
      await expect(page.locator('table.rows').first()).toContainText('Maria Benu');
      await expect(page.locator('.record').first()).toContainText('MARKUS BENU');
    }
    if (login === 'camat.maulafa') {
      await expect(page.locator('.letter-number')).toContainText(/^400\.12\.3\.1\/001\/KEC-MLF\/[IVX]+\/\d{4}$/);
    }
  }
});
