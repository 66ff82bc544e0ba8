// Surat Keterangan Ahli Waris: resident → kelurahan clerk → lurah (approves) → kecamatan clerk
// → camat signs with the kecamatan's number.
const { test, expect } = require('@playwright/test');
const { signIn, hydrated } = require('./helpers');

test('an Ahli Waris letter passes the kelurahan and the kecamatan and the camat signs it', async ({ browser }) => {
  const yosef = await signIn(browser, '5371022001750001', 'warga123');
  await yosef.getByRole('link', { name: 'Ajukan surat baru' }).click();
  await hydrated(yosef);
  await yosef.getByLabel('Jenis surat').selectOption('ahli-waris');
  await yosef.getByLabel('Nama almarhum').fill('Markus Benu');
  await yosef.getByLabel('Tanggal meninggal').fill('2026-08-17');
  await yosef.getByLabel('Tempat meninggal').fill('RSUD W. Z. Johannes, Kupang');
  await yosef.getByLabel('Daftar ahli waris').fill('Yosef Benu – anak kandung\nMaria Benu – anak kandung');
  await yosef.getByLabel('Keperluan').fill('Balik nama sertifikat tanah');
  await yosef.getByRole('button', { name: 'Ajukan', exact: true }).click();
  await expect(yosef).toHaveURL(/\/permohonan\/[0-9a-f-]{36}$/);
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
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.locator('.badge')).toContainText(status);
    if (login === 'camat.maulafa') {
      await expect(page.locator('.letter-number')).toContainText(/^400\.12\.3\.1\/001\/KEC-MLF\/[IVX]+\/\d{4}$/);
    }
  }
});
