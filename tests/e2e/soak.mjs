// Memory over a shift (`make soak`, not part of `make test`): SOAK_SCANS scans (5,000) typed as a
// wedge in the real window — parcels of 20 units, each unit scanned, passed and saved, so every
// unit is received, inspected, decided, printed and shown with its label — and the memory of the
// app and its WebKit processes sampled every SOAK_EVERY scans, against an empty Tauri window
// (src-tauri/examples/empty_window.rs) measured in the same run, before and after.
// Run by tests/e2e/run.sh soak.mjs. Writes target/e2e/soak.json; fails if the station holds more
// than SOAK_MAX_RATIO (1.5) × the empty window at the end, or still grows after warm-up by more
// than SOAK_MAX_GROWTH (5) MB per 1,000 scans.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTER, WebDriver } from './webdriver.mjs';
import { usKeycodes } from './layouts.mjs';

// X types the scans: keep its layout the US one a scanner's keys mean.
execFileSync('setxkbmap', ['-display', process.env.DISPLAY, 'us']);

const { REDOCK_APP, REDOCK_CLI, REDOCK_DATA_DIR, REDOCK_EMPTY_WINDOW, WEBDRIVER_URL, E2E_OUT } = process.env;
for (const [k, v] of Object.entries({ REDOCK_APP, REDOCK_CLI, REDOCK_DATA_DIR, REDOCK_EMPTY_WINDOW, WEBDRIVER_URL, E2E_OUT })) {
  if (!v) throw new Error(`${k} is not set`);
}
const SCANS = Number(process.env.SOAK_SCANS ?? 5000);
const EVERY = Number(process.env.SOAK_EVERY ?? 100);
const MAX_RATIO = Number(process.env.SOAK_MAX_RATIO ?? 1.5);
const MAX_GROWTH = Number(process.env.SOAK_MAX_GROWTH ?? 5); // MB per 1,000 scans after warm-up
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// The processes of one window: the app and the WebKit processes it started, found by an
/// environment variable only they (and the driver, left out by name) carry.
function processesWith(envEntry) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!env.includes(envEntry)) continue;
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const role = comm.startsWith('WebKitWebProces') ? 'web' : comm.startsWith('WebKitNetworkPr') ? 'network'
        : comm === 'redock-app' || comm === 'empty_window' ? 'app' : null;
      if (!role) continue;
      const kb = (file, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'))?.[1] ?? 0);
      found.push({ pid: Number(pid), role, rss: kb('status', 'VmRSS') / 1024, anon: kb('status', 'RssAnon') / 1024,
        pss: kb('smaps_rollup', 'Pss') / 1024 });
    } catch {
      // A process that ended while we read it.
    }
  }
  return found;
}

function sample(envEntry) {
  const ps = processesWith(envEntry);
  const sum = (role, k) => ps.filter((p) => !role || p.role === role).reduce((a, p) => a + p[k], 0);
  return {
    rss: Math.round(sum(null, 'rss')), pss: Math.round(sum(null, 'pss')),
    app: Math.round(sum('app', 'rss')), web: Math.round(sum('web', 'rss')), network: Math.round(sum('network', 'rss')),
    // Memory of their own (heap, not the mapped binaries and libraries), where a leak shows.
    appAnon: Math.round(sum('app', 'anon')), webAnon: Math.round(sum('web', 'anon')),
    processes: ps.length,
  };
}

/// Sample until the total stays within 2 MB for three samples in a row (or 30 s).
async function settled(envEntry, minProcesses) {
  let last = null;
  let calm = 0;
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    const s = sample(envEntry);
    if (s.processes >= minProcesses && last && Math.abs(s.rss - last.rss) <= 2) calm += 1;
    else calm = 0;
    last = s;
    if (calm >= 3) break;
  }
  return last;
}

/// The empty Tauri window under the same display, settled, then closed.
async function emptyWindow() {
  const marker = `REDOCK_SOAK_EMPTY=${process.pid}-${Date.now()}`;
  // In a process group of its own: WebKit's processes signal their group when they end.
  const child = spawn(REDOCK_EMPTY_WINDOW, [], { env: { ...process.env, [marker.split('=')[0]]: marker.split('=')[1] }, stdio: 'ignore', detached: true });
  try {
    const s = await settled(marker, 3);
    if (s.processes < 3) throw new Error(`the empty window did not start (exit ${child.exitCode ?? child.signalCode})`);
    return s;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    }
  }
}

const wd = new WebDriver(WEBDRIVER_URL);
const station = `REDOCK_DATA_DIR=${REDOCK_DATA_DIR}`;
const curve = [];
let failed = false;

/// One wedge scan, pressed in X (xdotool: a US scanner's keys, 4 ms apart, then Return) rather than by
/// WebDriver, whose automation session in the web process would be measured with the station.
/// Paced by the station's own log: the next scan goes when this one is recorded.
const logs = join(REDOCK_DATA_DIR, 'logs');
const readUpTo = new Map();
let recorded = 0;
let carry = '';
function recordedSoFar() {
  for (const f of readdirSync(logs).sort()) {
    const path = join(logs, f);
    const from = readUpTo.get(f) ?? 0;
    const size = statSync(path).size;
    if (size <= from) continue;
    const buf = Buffer.alloc(size - from);
    const fd = openSync(path, 'r');
    readSync(fd, buf, 0, buf.length, from);
    closeSync(fd);
    readUpTo.set(f, size);
    const lines = (carry + buf.toString('utf8')).split('\n');
    carry = lines.pop();
    for (const line of lines) {
      if (line.includes('"message":"scan recorded"')) recorded += 1;
      else if (line.includes('"level":"ERROR"')) throw new Error(`the station logged an error: ${line.slice(0, 400)}`);
    }
  }
  return recorded;
}
async function scan(code) {
  const before = recordedSoFar();
  execFileSync('xdotool', ['key', '--delay', '4', ...usKeycodes(code)]);
  const until = Date.now() + 20000;
  while (recordedSoFar() === before) {
    if (Date.now() > until) throw new Error(`scan ${code} was not recorded in 20 s`);
    await sleep(5);
  }
}

try {
  const floorBefore = await emptyWindow();
  console.log(`empty window: ${JSON.stringify(floorBefore)}`);

  execFileSync(REDOCK_CLI, ['init', '--db', join(REDOCK_DATA_DIR, 'station.sqlite')]);
  await wd.start(REDOCK_APP);
  await wd.waitFor('#badge');
  await wd.typeKeys('BADGE-0005' + ENTER);
  await wd.waitFor('#pin', async (e) => (await wd.exec('return document.activeElement && document.activeElement.id;')) === 'pin');
  await wd.typeKeys('1111' + ENTER);
  await wd.waitFor('[data-testid=operator]');
  await wd.waitFor('[data-testid=scan-input]', async () => (await wd.exec('return document.activeElement && document.activeElement.id;')) === 'scan');
  // X sends keys to the window with its input focus; no window manager gives it one here.
  execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--name', '^Redock$', 'windowfocus', '--sync']);
  const idle = await settled(station, 3);
  curve.push({ scans: 0, ...idle });
  console.log(`station idle: ${JSON.stringify(idle)}`);

  const started = Date.now();
  let scans = 0;
  let unit = 0;
  const next = async (code) => {
    await scan(code);
    scans += 1;
    if (scans % EVERY === 0) {
      const s = sample(station);
      curve.push({ scans, ...s });
      const rate = (scans / ((Date.now() - started) / 1000)).toFixed(1);
      console.log(`${String(scans).padStart(5)} scans: ${s.rss} MB (app ${s.app}, web ${s.web}, network ${s.network}; PSS ${s.pss}; `
        + `own: app ${s.appAnon}, web ${s.webAnon}) ${rate} scans/s`);
    }
  };
  while (scans < SCANS) {
    await next('RMA-100001');
    for (let i = 0; i < 20 && scans < SCANS; i++) {
      unit += 1;
      await next(`(01)05901234123457(21)SOAK${String(unit).padStart(6, '0')}`);
      if (scans < SCANS) await next('CMD:PASS');
      if (scans < SCANS) await next('CMD:NEXT');
    }
    if (scans < SCANS) await next('CMD:CLOSE');
  }
  await sleep(6000); // the last label previews and a status refresh
  const end = await settled(station, 3);
  curve.push({ scans, settled: true, ...end });
  await wd.quit();
  const floorAfter = await emptyWindow();
  console.log(`empty window again: ${JSON.stringify(floorAfter)}`);

  const floor = Math.max(floorBefore.rss, floorAfter.rss);
  const ratio = end.rss / floor;
  // Growth after warm-up (the first fifth of the scans): the least-squares slope of the samples,
  // which single samples swinging by ±10 MB (a GC, a decoded image) do not move much.
  const tail = curve.filter((c) => c.scans >= SCANS / 5 && !c.settled);
  const slope = (key) => {
    const n = tail.length;
    if (n < 3) return 0;
    const mx = tail.reduce((a, c) => a + c.scans, 0) / n;
    const my = tail.reduce((a, c) => a + c[key], 0) / n;
    const sxy = tail.reduce((a, c) => a + (c.scans - mx) * (c[key] - my), 0);
    const sxx = tail.reduce((a, c) => a + (c.scans - mx) ** 2, 0);
    return (sxy / sxx) * 1000;
  };
  const perThousand = Object.fromEntries(['rss', 'app', 'web', 'network', 'appAnon', 'webAnon'].map((k) => [k, Number(slope(k).toFixed(1))]));
  console.log(`after ${scans} scans (${unit} units): ${end.rss} MB against an empty window of ${floor} MB: ${ratio.toFixed(2)}×`);
  console.log(`growth after warm-up, MB per 1,000 scans: ${JSON.stringify(perThousand)}`);
  writeFileSync(join(E2E_OUT, 'soak.json'), JSON.stringify({ floorBefore, floorAfter, curve, ratio, perThousand }, null, 2));
  if (ratio > MAX_RATIO) { console.log(`FAIL more than ${MAX_RATIO}× the empty window`); failed = true; }
  if (perThousand.rss > MAX_GROWTH) { console.log(`FAIL still growing after warm-up (more than ${MAX_GROWTH} MB per 1,000 scans)`); failed = true; }
} catch (e) {
  console.log(`FAIL ${e.stack ?? e}`);
  failed = true;
  writeFileSync(join(E2E_OUT, 'soak.json'), JSON.stringify({ curve, error: String(e) }, null, 2));
  await wd.quit();
}
process.exit(failed ? 1 : 0);
