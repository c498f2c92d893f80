// Diagnostic for `make soak`'s growth (not part of `make test`; `tests/e2e/run.sh ipc_probe.mjs`):
// what of the station's work makes the app process (the UI side of WebKit) grow? 500 desk reads
// and 300 label previews through IPC (16 MB of answers), then 9,000 keys typed in X into the scan
// field; each process's own memory (RssAnon) before and after. `tests/e2e/keys_empty.sh` types the
// same keys into an empty Tauri window.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTER, WebDriver } from './webdriver.mjs';
const { REDOCK_APP, REDOCK_CLI, REDOCK_DATA_DIR, WEBDRIVER_URL } = process.env;
const wd = new WebDriver(WEBDRIVER_URL);
function anon() {
  const out = {};
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!env.includes(`REDOCK_DATA_DIR=${REDOCK_DATA_DIR}`)) continue;
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const kb = Number(/^RssAnon:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      out[comm] = Math.round(kb / 1024);
    } catch {}
  }
  return out;
}
execFileSync(REDOCK_CLI, ['init', '--db', join(REDOCK_DATA_DIR, 'station.sqlite')]);
await wd.start(REDOCK_APP);
await wd.waitFor('#badge');
await wd.typeKeys('BADGE-0005' + ENTER);
await wd.typeKeys('1111' + ENTER);
await wd.waitFor('[data-testid=operator]');
// One decided unit so a preview exists.
for (const c of ['RMA-100001', '(01)05901234123457(21)HP200-00017', 'CMD:PASS', 'CMD:NEXT']) {
  await wd.execAsync(`const done = arguments[arguments.length-1]; window.__TAURI_INTERNALS__.invoke('scan', { raw: arguments[0], code: arguments[0], source: 'manual' }).then(() => done(1), (e) => done(String(e)));`, [c]);
}
const lpn = await wd.execAsync(`const done = arguments[arguments.length-1]; window.__TAURI_INTERNALS__.invoke('desk').then((d) => done(JSON.stringify(d).match(/LPN\\d{11}/)?.[0] ?? 'none'), (e) => done(String(e)));`);
console.log('lpn', lpn);
const run = async (label, cmd, args, n) => {
  const before = anon();
  const r = await wd.execAsync(`const done = arguments[arguments.length-1]; (async () => { let bytes = 0; for (let i = 0; i < ${n}; i++) { const v = await window.__TAURI_INTERNALS__.invoke('${cmd}', ${JSON.stringify(args)}); bytes += JSON.stringify(v).length; } return bytes; })().then((b) => done(b), (e) => done(String(e)));`);
  await new Promise((r) => setTimeout(r, 2000));
  const after = anon();
  console.log(label, 'bytes', r, 'before', JSON.stringify(before), 'after', JSON.stringify(after));
};
await run('desk x500', 'desk', {}, 500);
for (const round of [1, 2, 3]) await run(`preview x100 (${round})`, 'label_preview', { lpn }, 100);
execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--name', '^Redock$', 'windowfocus', '--sync']);
for (let round = 0; round < 3; round++) {
  const before = anon();
  for (let i = 0; i < 100; i++) {
    execFileSync('xdotool', ['type', '--delay', '2', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123']);
    await wd.exec(`const i = document.querySelector('[data-testid=scan-input]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));`);
  }
  await new Promise((r) => setTimeout(r, 2000));
  console.log('keys x3000 round', round, 'before', JSON.stringify(before), 'after', JSON.stringify(anon()));
}
await wd.quit();
