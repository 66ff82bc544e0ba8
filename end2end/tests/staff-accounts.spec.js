// Accounts in the browser: the admin makes a staff account and a reset code; its owner sets a
// password with the code; an official changes their own password.
const { test, expect } = require('@playwright/test');
const { hydrated, signIn } = require('./helpers');

test('the admin makes an account and a reset code; the owner sets a password with it', async ({ browser }) => {
  const admin = await signIn(browser, 'admin', 'serambi123');
  await admin.locator('main').getByRole('link', { name: 'Akun pegawai' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Akun pegawai');
  await admin.getByRole('link', { name: 'Buat akun' }).click();
  await hydrated(admin);
  await admin.getByLabel('Nama pengguna').fill('petugas2.fatululi');
  await admin.getByLabel('Nama lengkap (dengan gelar)').fill('Yuliana Ndolu');
  await admin.locator('#role').selectOption('petugas');
  await admin.locator('#office_code').selectOption('53.71.04.1011');
  await admin.getByLabel('Kata sandi awal', { exact: true }).fill('Awal-Fatululi-7');
  await admin.getByLabel('Ulangi kata sandi awal').fill('Awal-Fatululi-8');
  await admin.getByRole('button', { name: 'Buat akun' }).click();
  await expect(admin.locator('.field-error')).toContainText('Kedua kata sandi tidak sama');
  await admin.getByLabel('Ulangi kata sandi awal').fill('Awal-Fatululi-7');
  await admin.getByRole('button', { name: 'Buat akun' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Yuliana Ndolu');
  await expect(admin.locator('dl.record')).toContainText('Petugas Kelurahan');
  await expect(admin.locator('dl.record')).toContainText('Kelurahan Fatululi');
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Buat kode pemulihan' }).click();
  const code = (await admin.locator('.reset-code').textContent()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  const context = await browser.newContext();
  const owner = await context.newPage();
  await owner.goto('/masuk');
  await owner.getByText('Lupa kata sandi?').click();
  await owner.getByRole('link', { name: /kode pemulihan/ }).click();
  await expect(owner.getByRole('heading', { level: 1 })).toHaveText('Pulihkan kata sandi');
  await owner.getByLabel('Kode pemulihan').fill(code.toLowerCase());
  await owner.getByLabel('Kata sandi baru', { exact: true }).fill('Baru-Fatululi-9');
  await owner.getByLabel('Ulangi kata sandi baru').fill('Baru-Fatululi-9');
  await owner.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(owner.locator('.alert.ok')).toContainText('Kata sandi baru tersimpan');
  await owner.getByRole('link', { name: 'Masuk' }).last().click();
  await owner.getByLabel('NIK atau nama pengguna').fill('petugas2.fatululi');
  await owner.getByLabel('Kata sandi').fill('Baru-Fatululi-9');
  await owner.getByRole('button', { name: 'Masuk' }).click();
  await expect(owner.getByRole('heading', { level: 1 })).toContainText('Selamat bekerja');
});

test('an official changes their password; a wrong current one is named at its field', async ({ browser }) => {
  const lurah = await signIn(browser, 'lurah.fatululi', 'serambi123');
  await lurah.getByRole('link', { name: 'Akun saya' }).first().click();
  await expect(lurah.getByRole('heading', { level: 1 })).toHaveText('Akun saya');
  await expect(lurah.getByText('Berlaku sampai')).toBeVisible();
  await hydrated(lurah);
  await lurah.getByLabel('Kata sandi sekarang').fill('salah-sekali');
  await lurah.getByLabel('Kata sandi baru', { exact: true }).fill('Lurah-Fatululi-2026');
  await lurah.getByLabel('Ulangi kata sandi baru').fill('Lurah-Fatululi-2026');
  await lurah.getByRole('button', { name: 'Ganti kata sandi' }).click();
  await expect(lurah.locator('.field-error')).toContainText('Kata sandi sekarang salah');
  await lurah.getByLabel('Kata sandi sekarang').fill('serambi123');
  await lurah.getByRole('button', { name: 'Ganti kata sandi' }).click();
  await expect(lurah.getByRole('status')).toContainText('Kata sandi diganti');
  await expect(lurah.getByLabel('Kata sandi sekarang')).toHaveValue('');
});

test('an official asks for a new certificate and the admin issues it with the CA passphrase', async ({ browser }) => {
  const camat = await signIn(browser, 'camat.alak', 'serambi123');
  await camat.goto('/akun');
  await hydrated(camat);
  await camat.locator('summary', { hasText: 'Minta sertifikat baru' }).click();
  await camat.locator('#ask-passphrase').fill('passphrase-baru-alak');
  await camat.locator('#ask-passphrase2').fill('passphrase-baru-alak');
  await camat.getByRole('button', { name: 'Kirim permintaan' }).click();
  await expect(camat.locator('dl.cert')).toContainText('Permintaan menunggu sejak');

  const admin = await signIn(browser, 'admin', 'serambi123');
  await admin.getByRole('link', { name: 'Permintaan sertifikat' }).click();
  await hydrated(admin);
  const request = admin.locator('section.card', { hasText: 'Camat Alak' });
  await request.getByLabel('Passphrase CA').fill('bukan-passphrase-ca');
  await request.getByRole('button', { name: 'Terbitkan sertifikat' }).click();
  await expect(request.locator('.field-error')).toContainText('Passphrase CA salah');
  await request.getByLabel('Passphrase CA').fill('ca-demo-serambi');
  await request.getByRole('button', { name: 'Terbitkan sertifikat' }).click();
  await expect(admin.getByRole('status')).toContainText('Sertifikat diterbitkan, serial');
  await expect(admin.getByText('Tidak ada permintaan yang menunggu.')).toBeVisible();

  await camat.reload();
  await expect(camat.locator('dl.cert')).not.toContainText('Permintaan menunggu sejak');
});
