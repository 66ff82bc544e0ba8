// The admin sets an office's paper, margins, kop and numbering in the browser.
const { test, expect } = require('@playwright/test');
const { hydrated, signIn } = require('./helpers');

test('the admin changes an office to F4 paper with a new number pattern; bad input is refused', async ({ browser }) => {
  const admin = await signIn(browser, 'admin', 'serambi123');
  await admin.getByRole('link', { name: 'Pengaturan kantor' }).click();
  await admin.getByRole('link', { name: 'Kelurahan Fatululi' }).click();
  await hydrated(admin);
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Kelurahan Fatululi');
  await admin.locator('#paper').selectOption('f4');
  await admin.locator('#pattern').fill('{urut}/{hari}');
  await admin.getByRole('button', { name: 'Simpan' }).click();
  await expect(admin.locator('.field-error')).toContainText('Pola nomor surat tidak valid');
  await admin.locator('#pattern').fill('{klasifikasi}/{urut:04}/{unit}/{tahun}');
  await admin.locator('#margin-kiri').fill('35');
  await admin.locator('#kop').fill('PEMERINTAH KOTA KUPANG\nKECAMATAN OEBOBO\nKELURAHAN FATULULI');
  await admin.getByRole('button', { name: 'Simpan' }).click();
  await expect(admin.locator('.alert.ok')).toContainText('Pengaturan disimpan');
  await expect(admin.locator('.number-example')).toContainText(/^400\.12\.2\.1\/0007\/KEL-FTL\/\d{4}$/);
  await admin.reload();
  await hydrated(admin);
  await expect(admin.locator('#paper')).toHaveValue('f4');
  await expect(admin.locator('#margin-kiri')).toHaveValue('35');
});
