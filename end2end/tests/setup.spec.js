// "Menyiapkan Serambi untuk daerah Anda" (README), followed literally for a kabupaten with desa
// (Kabupaten Kupang, 53.01) on an empty database: region list, `serambi init`, a synthetic
// population for that kabupaten, a clerk and a Kepala Desa created in the browser, the Kepala Desa
// asks for a certificate and the administrator approves it, a resident registers and asks for a
// letter, the clerk verifies, the Kepala Desa signs: the PDF says "Kepala Desa" and pdfsig calls
// its signature valid. This test starts its own server (not the demo one).
const { test, expect } = require('@playwright/test');
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { hydrated, sendRequest, signIn: signInOn } = require('./helpers');

const BIN = process.env.SERAMBI_BIN;
const WHEEL = process.env.SERAMBI_WILAYAH_WHEEL;
const PORT = Number(process.env.SERAMBI_E2E_SETUP_PORT || 3180);
const BASE = `http://127.0.0.1:${PORT}`;
const CA = 'kunci induk Kabupaten Kupang';
const ADMIN = 'Sirih pinang di Oelamasi';
const CLERK = 'Loket desa pagi hari';
const HEAD = 'Jagung bose dan sei babi';
const SIGNING = 'tanda tangan kepala desa';
const RESIDENT = 'Pantai Tablolong biru';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGNoUFAgCTGMahjVMHw1AAB0SsABEhsxNgAAAABJRU5ErkJggg==',
  'base64',
);

/** A head of family living in a desa (village serial 2xxx) of the file, with what /daftar asks. */
function residentOfADesa(csvFile) {
  const [header, ...rows] = fs.readFileSync(csvFile, 'utf8').trim().split('\n').map((l) => l.split(';'));
  const col = (name) => header.indexOf(name);
  const row = rows.find((r) => r[col('NO_KEL')].startsWith('2') && r[col('STAT_HBKEL')] === 'KEPALA KELUARGA');
  const [d, m, y] = row[col('TGL_LHR')].split('-');
  const pad = (s) => s.padStart(2, '0');
  return {
    nik: row[col('NIK')],
    kk: row[col('NO_KK')],
    birth: `${y}-${m}-${d}`,
    mother: row[col('NAMA_LGKP_IBU')],
    name: row[col('NAMA_LGKP')],
    village: `${pad(row[col('NO_PROP')])}.${pad(row[col('NO_KAB')])}.${pad(row[col('NO_KEC')])}.${row[col('NO_KEL')]}`,
  };
}

async function waitUntilUp() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/kesehatan`)).ok) return;
    } catch (_) {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the set-up server did not start');
}

const signIn = (browser, login, password) => signInOn(browser, login, password, BASE);

async function createAccount(admin, { username, name, role, office, password }) {
  await admin.goto('/admin/akun/baru');
  await hydrated(admin);
  await admin.getByLabel('Nama pengguna').fill(username);
  await admin.getByLabel('Nama lengkap (dengan gelar)').fill(name);
  await admin.getByLabel('Peran').selectOption(role);
  await admin.getByLabel('Kantor').selectOption(office);
  await admin.getByLabel('Kata sandi awal', { exact: true }).fill(password);
  await admin.getByLabel('Ulangi kata sandi awal').fill(password);
  await admin.getByRole('button', { name: 'Buat akun' }).click();
  await expect(admin).toHaveURL(/\/admin\/akun\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole('heading', { level: 1 })).toContainText(name);
}

test('a kabupaten with desa sets itself up and its Kepala Desa signs the first letter', async ({ browser }) => {
  expect(BIN, 'run through scripts/test').toBeTruthy();
  expect(WHEEL, 'scripts/test fetches the region list (SERAMBI_WILAYAH_WHEEL)').toBeTruthy();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serambi-setup-'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${work}/serambi.db?mode=rwc`,
    SERAMBI_FILES: `${work}/files`,
    SERAMBI_TEMPLATES: path.resolve(__dirname, '../../letter-templates'),
    SERAMBI_LISTEN: `127.0.0.1:${PORT}`,
    SERAMBI_PUBLIC_URL: BASE,
    SERAMBI_MODE: 'produksi',
    RUST_LOG: 'warn',
  };
  // 1. scripts/siapkan builds (already built by scripts/test: seconds) and fetches the region list.
  const root = path.resolve(__dirname, '../..');
  const siapkan = execFileSync(path.join(root, 'scripts/siapkan'), { cwd: root, env: process.env, encoding: 'utf8' });
  expect(siapkan).toContain('SHA-256 verified');
  const bin = siapkan.match(/Program: (\S+)/)[1];
  expect(fs.realpathSync(bin)).toBe(fs.realpathSync(BIN));
  const run = (args, input) => execFileSync(bin, args, { cwd: root, env, input, encoding: 'utf8' });

  // 3. Regions (the wheel siapkan left in data/wilayah/), 4. first start (secrets typed twice on
  // standard input), refused the second time.
  delete env.SERAMBI_WILAYAH_WHEEL;
  expect(run(['wilayah', 'impor'])).toMatch(/kode/);
  const init = ['init', '--wilayah', '53.01', '--admin-nama', 'Yohanes Bana, S.Kom', '--admin-pengguna', 'admin.kab'];
  const secrets = `${CA}\n${CA}\n${ADMIN}\n${ADMIN}\n`;
  expect(run(init, secrets)).toContain('Kabupaten Kupang: 24 kecamatan');
  const again = spawnSync(BIN, init, { env, input: secrets, encoding: 'utf8' });
  expect(again.status).not.toBe(0);
  expect(again.stderr).toContain('sudah berisi kantor');
  // Production mode: no demo here.
  const demo = spawnSync(BIN, ['demo'], { env, encoding: 'utf8' });
  expect(demo.status).not.toBe(0);
  expect(demo.stderr).toContain('Mode produksi');

  // 5. Population (synthetic, for this kabupaten's own kelurahan and desa).
  const csv = path.join(work, 'penduduk.csv');
  run(['contoh', 'penduduk', csv, '--jumlah', '300', '--wilayah', '53.01']);
  expect(run(['import', 'penduduk', csv])).toContain('300 diterima');
  const resident = residentOfADesa(csv);

  const server = spawn(BIN, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => (log += d));
  try {
    await waitUntilUp();

    // 6. The administrator creates the desa's clerk and Kepala Desa in the browser.
    const admin = await signIn(browser, 'admin.kab', ADMIN);
    await createAccount(admin, { username: 'petugas.desa', name: 'Maria Seran', role: 'petugas', office: resident.village, password: CLERK });
    await createAccount(admin, { username: 'kades.desa', name: 'Yakobus Tefa', role: 'kepala-desa', office: resident.village, password: HEAD });
    await expect(admin.locator('main')).toContainText('Kepala Desa');

    // 7. The Kepala Desa asks for a certificate; the administrator approves with the CA passphrase.
    const kades = await signIn(browser, 'kades.desa', HEAD);
    await kades.goto('/akun');
    await hydrated(kades);
    await kades.getByLabel('Passphrase baru', { exact: true }).fill(SIGNING);
    await kades.getByLabel('Ulangi passphrase', { exact: true }).fill(SIGNING);
    await kades.getByRole('button', { name: 'Kirim permintaan' }).click();
    await expect(kades.locator('main')).toContainText('menunggu');
    await admin.goto('/admin/sertifikat');
    await hydrated(admin);
    await expect(admin.locator('main')).toContainText('Yakobus Tefa');
    await admin.getByLabel('Passphrase CA').first().fill('bukan passphrase CA');
    await admin.getByRole('button', { name: 'Terbitkan sertifikat' }).first().click();
    await expect(admin.locator('main')).toContainText('Passphrase CA salah');
    await admin.getByLabel('Passphrase CA').first().fill(CA);
    await admin.getByRole('button', { name: 'Terbitkan sertifikat' }).first().click();
    await expect(admin.locator('main')).toContainText('diterbitkan');

    // 8. A resident registers and asks for a Domisili letter.
    const context = await browser.newContext({ baseURL: BASE });
    const warga = await context.newPage();
    await warga.goto('/daftar');
    await warga.getByLabel('NIK').fill(resident.nik);
    await warga.getByLabel('Nomor KK').fill(resident.kk);
    await warga.getByLabel('Tanggal lahir').fill(resident.birth);
    await warga.getByLabel('Nama ibu kandung').fill(resident.mother);
    await warga.getByRole('button', { name: 'Lanjut' }).click();
    await warga.getByLabel('Kata sandi (paling sedikit 8 karakter)').fill(RESIDENT);
    await warga.getByLabel('Ulangi kata sandi').fill(RESIDENT);
    await warga.getByRole('button', { name: 'Buat akun' }).click();
    await expect(warga.getByRole('heading', { level: 1 })).toContainText('Selamat datang');
    await warga.goto('/permohonan/baru?jenis=domisili');
    await hydrated(warga);
    await warga.getByLabel('Keperluan').fill('Mendaftar sekolah');
    const inputs = warga.locator('.field.attachment input[type="file"]');
    for (let i = 0; i < (await inputs.count()); i++) {
      await inputs.nth(i).setInputFiles({ name: `lampiran-${i}.png`, mimeType: 'image/png', buffer: PNG });
    }
    await expect(warga.locator('.upload.done')).toHaveCount(await inputs.count());
    await sendRequest(warga);
    const id = warga.url().split('/').pop();
    await expect(warga.locator('.badge')).toHaveText('Diajukan, menunggu pemeriksaan desa');

    // The clerk verifies; the Kepala Desa signs from the queue with the new passphrase.
    const clerk = await signIn(browser, 'petugas.desa', CLERK);
    await clerk.goto(`/permohonan/${id}`);
    await hydrated(clerk);
    await clerk.getByRole('button', { name: 'Verifikasi' }).click();
    await expect(clerk.locator('.badge')).toHaveText('Diverifikasi desa, menunggu tanda tangan Kepala Desa');
    await kades.goto('/antrian');
    await hydrated(kades);
    await kades.locator(`input.pick[data-request="${id}"]`).check();
    await kades.getByLabel('Passphrase tanda tangan elektronik').fill(SIGNING);
    await kades.locator('form.sign-form button[type="submit"]').click();
    await expect(kades.locator('.sign-outcomes')).toContainText('1 dari 1 surat ditandatangani');

    // The resident downloads it: it says Kepala Desa, and pdfsig calls the signature valid.
    await warga.goto(`/permohonan/${id}`);
    await hydrated(warga);
    const [download] = await Promise.all([warga.waitForEvent('download'), warga.getByRole('link', { name: 'Unduh surat (PDF)' }).click()]);
    const pdf = path.join(work, 'surat.pdf');
    await download.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('PEMERINTAH KABUPATEN KUPANG');
    expect(text).toMatch(/Kepala Desa \w+/);
    expect(text).not.toContain('KELURAHAN');
    const sig = spawnSync('pdfsig', [pdf], { encoding: 'utf8' });
    expect(sig.stdout + sig.stderr).toContain('Signature is Valid.');
  } finally {
    server.kill();
    if (test.info().status !== test.info().expectedStatus) console.log(log);
  }
});
