// End-to-end in the real window: log in (a wrong PIN first), scan a demo EAN as a wedge types it,
// see the result, check the event row in the station's SQLite file, save screenshots.
// Run by tests/e2e/run.sh, which starts Xvfb and tauri-driver and sets the environment.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTER, WebDriver } from './webdriver.mjs';
import { scanByKeycode, setLayout, typedUnder } from './layouts.mjs';

const { REDOCK_APP, REDOCK_CLI, REDOCK_DATA_DIR, WEBDRIVER_URL, E2E_OUT } = process.env;
for (const [k, v] of Object.entries({ REDOCK_APP, REDOCK_CLI, REDOCK_DATA_DIR, WEBDRIVER_URL, E2E_OUT })) {
  if (!v) throw new Error(`${k} is not set`);
}
mkdirSync(E2E_OUT, { recursive: true });

const wd = new WebDriver(WEBDRIVER_URL);
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}
async function shot(name) {
  writeFileSync(join(E2E_OUT, `${name}.png`), await wd.screenshot());
}

// A serial scanner on a pseudo-terminal pair: the station opens `scanner`, the test writes to
// `host` as the scanner's hardware would. Killing socat unplugs it; starting it again replugs.
const serialDir = join(REDOCK_DATA_DIR, '..', 'serial');
mkdirSync(serialDir, { recursive: true });
let socat = null;
async function plugScanner() {
  socat = spawn('socat', [`pty,raw,echo=0,link=${serialDir}/scanner`, `pty,raw,echo=0,link=${serialDir}/host`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(join(serialDir, 'host')); i++) await new Promise((r) => setTimeout(r, 50));
}
async function unplugScanner() {
  const done = new Promise((r) => socat.once('exit', r));
  socat.kill('SIGTERM');
  await done;
  socat = null;
}
function serialSend(code) {
  writeFileSync(join(serialDir, 'host'), code + '\r');
}

function events() {
  const out = execFileSync(REDOCK_CLI, ['events', '--db', join(REDOCK_DATA_DIR, 'station.sqlite'), '--limit', '100000']);
  return out.toString().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/// Scan a code as a wedge: install a probe that notes the time of the suffix key and of the first
/// DOM change after it, type, and wait for the result with the new sequence number.
async function scan(code) {
  await wd.exec(`
    const code = arguments[0];
    const prev = document.querySelector('[data-testid=scan-result]');
    const prevSeq = prev ? prev.dataset.seq : null;
    window.__probe = { enter: 0, dom: 0 };
    const input = document.querySelector('[data-testid=scan-input]');
    if (!window.__probeInstalled) {
      window.__probeInstalled = true;
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__probe.enter = performance.now(); }, { capture: true });
    }
    const obs = new MutationObserver(() => {
      const r = document.querySelector('[data-testid=scan-result], [data-testid=scan-error]');
      const fresh = r && (r.dataset.testid === 'scan-error' || r.dataset.seq !== prevSeq);
      if (window.__probe.enter && !window.__probe.dom && fresh && r.textContent.includes(code)) {
        window.__probe.dom = performance.now(); obs.disconnect();
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  `, [code]);
  await wd.typeKeys(code + ENTER);
  const el = await wd.waitFor('[data-testid=scan-result], [data-testid=scan-error]', async (e) => {
    return (await wd.text(e)).includes(code);
  });
  const probe = await wd.exec('return window.__probe;');
  return { el, latencyMs: probe.dom && probe.enter ? probe.dom - probe.enter : null };
}

try {
  // The station is set up before its window opens: demo data and a serial scanner on the pty.
  const db = join(REDOCK_DATA_DIR, 'station.sqlite');
  execFileSync(REDOCK_CLI, ['init', '--db', db]);
  // The example file's returns too: the parcel without a label below belongs to one of them.
  execFileSync(REDOCK_CLI, ['import', 'rmas', '--db', db, '--badge', 'BADGE-0003', '--pin', '3456',
    fileURLToPath(new URL('../../assets/demo/rmas-example.csv', import.meta.url))]);
  execFileSync(REDOCK_CLI, ['settings', 'serial', '--db', db, '--badge', 'BADGE-0003', '--pin', '3456',
    '--port', join(serialDir, 'scanner'), '--suffix', 'cr']);
  await plugScanner();
  await wd.start(REDOCK_APP);
  const badge = await wd.waitFor('#badge');
  check('log-in screen shows', !!badge);
  await shot('01-login');

  // A wrong PIN: the message is on screen, nothing crashes.
  await wd.typeKeys('BADGE-0005' + ENTER);
  await wd.typeKeys('0000' + ENTER);
  const err = await wd.waitFor('[data-testid=login-error]');
  const errText = await wd.text(err);
  check('wrong PIN is refused with a message', errText.includes('Wrong PIN') && errText.includes('4'), errText);
  await shot('02-wrong-pin');

  // The PIN field has the focus again; the badge is kept.
  await wd.typeKeys('1111' + ENTER);
  const operator = await wd.waitFor('[data-testid=operator]');
  check('logged in as the demo inspector', (await wd.text(operator)).includes('Sam Taylor'));

  // The capability grants the station's commands only: a core plugin command is refused.
  const denied = await wd.execAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('plugin:app|version').then(() => done('allowed'), (e) => done('denied: ' + e));
  `);
  check('commands outside the capability are refused', String(denied).startsWith('denied'), String(denied));

  const active = await wd.exec('return document.activeElement && document.activeElement.id;');
  check('the scan field has the focus', active === 'scan', String(active));

  const latencies = [];
  // A product no return expects (the ballpoint pens), read with no parcel open: shown, and asked about.
  const ean = await scan('4006381333931');
  latencies.push(ean.latencyMs);
  const eanText = await wd.text(ean.el);
  check('EAN-13 is shown as a valid product', (await wd.attr(ean.el, 'data-kind')) === 'ean13'
    && (await wd.attr(ean.el, 'data-valid')) === 'true' && eanText.includes('Ballpoint pen set'), eanText.replace(/\n/g, ' | '));
  const asked = await wd.findAll('[data-testid=prompt]');
  check('a product with no parcel open asks which parcel it is in', asked.length === 1
    && (await wd.attr(asked[0], 'data-type')) === 'no_parcel_open', asked.length ? await wd.text(asked[0]) : 'no prompt');
  await shot('03-ean-scanned');

  const seq = Number(await wd.attr(ean.el, 'data-seq'));
  const ev = events().find((e) => e.seq === seq);
  const payload = ev ? JSON.parse(ev.payload) : null;
  check('the scanned event is in the SQLite file', ev?.kind === 'scanned' && payload?.code?.text === '4006381333931'
    && ev?.operator_id === 'op-0005', JSON.stringify({ seq, kind: ev?.kind, source: payload?.source }));
  check('the wedge was told from typing', payload?.source === 'wedge', `source=${payload?.source}`);

  const rma = await scan('RMA-100001');
  latencies.push(rma.latencyMs);
  const rmaText = await wd.text(rma.el);
  check('RMA shows its customer and lines', rmaText.includes('Anna Kowalska') && rmaText.includes('Smartphone'), rmaText.replace(/\n/g, ' | '));
  // The RMA's label answered the question: the pens read a moment ago are in its parcel, not on its return.
  const pens = await wd.waitFor('[data-testid=new-exception]', async (e) => (await wd.attr(e, 'data-kind')) === 'wrong_item', 5000)
    .catch(() => null);
  check('the label scanned after the product takes the product in', !!pens, pens ? await wd.text(pens) : rmaText.slice(0, 200));

  const unknown = await scan('HELLO-42');
  latencies.push(unknown.latencyMs);
  check('unknown code is shown with what was read', (await wd.attr(unknown.el, 'data-kind')) === 'unknown'
    && (await wd.text(unknown.el)).includes('HELLO-42'));
  await shot('04-unknown');

  const bad = await scan('5901234123458');
  latencies.push(bad.latencyMs);
  check('a wrong check digit is flagged', (await wd.attr(bad.el, 'data-valid')) === 'false'
    && (await wd.text(bad.el)).toLowerCase().includes('check digit'));

  // Typed by a person: slow keys are recorded as manual entry.
  await wd.typeKeys('ORD-2026-0003', { pauseMs: 120 });
  await wd.typeKeys(ENTER);
  const typed = await wd.waitFor('[data-testid=scan-result]', async (e) => (await wd.text(e)).includes('RMA-100003'));
  const typedSeq = Number(await wd.attr(typed, 'data-seq'));
  const typedSource = JSON.parse(events().find((e) => e.seq === typedSeq)?.payload ?? '{}').source;
  check('slow typing is recorded as manual entry', typedSource === 'manual', `source=${typedSource}`);
  await shot('05-station');

  // Receiving, settled by scans only: a parcel with two RMAs, a serial mismatch, a wrong item,
  // and a missing item found at close.
  const opened = await scan('1Z999AA10123456784');
  latencies.push(opened.latencyMs);
  const panel = await wd.waitFor('[data-testid=parcel]', async (e) => (await wd.text(e)).includes('RMA-100002'));
  const panelText = await wd.text(panel);
  check('the parcel label opens a parcel with both RMAs', panelText.includes('RMA-100001') && panelText.includes('RMA-100002'),
    panelText.replace(/\n/g, ' | ').slice(0, 300));

  const good = await scan('(01)05901234123457(21)HP200-00017');
  latencies.push(good.latencyMs);
  const goodAction = await wd.find('[data-testid=receiving-action]');
  check('the expected headphones are received with an LPN', (await wd.attr(goodAction, 'data-action')) === 'received'
    && /LPN\d{11}/.test(await wd.text(goodAction)), await wd.text(goodAction));

  const phone = await scan('(01)04601234567893(21)356938035643800');
  latencies.push(phone.latencyMs);
  const phoneX = await wd.waitFor('[data-testid=new-exception]', async (e) => (await wd.attr(e, 'data-kind')) === 'serial_mismatch');
  check('a serial mismatch is shown at once', !!phoneX, await wd.text(phoneX));

  const wrong = await scan('8712345678906');
  latencies.push(wrong.latencyMs);
  const wrongX = await wd.waitFor('[data-testid=new-exception]', async (e) => (await wd.attr(e, 'data-kind')) === 'wrong_item');
  check('a wrong item is shown at once', !!wrongX, await wd.text(wrongX));
  await shot('06-receiving');

  await scan('CMD:CLOSE');
  const missing = await wd.waitFor('[data-testid=new-exception]', async (e) => (await wd.attr(e, 'data-kind')) === 'missing_item');
  check('closing the parcel names the missing items', !!missing, await wd.text(missing));
  await shot('07-parcel-closed');
  const kinds = events().filter((e) => e.kind === 'exception_recorded').map((e) => JSON.parse(e.payload).kind);
  check('the exceptions are events in the SQLite file',
    ['serial_mismatch', 'wrong_item', 'missing_item'].every((k) => kinds.includes(k)), kinds.join(','));

  // The serial scanner: a read becomes a scan like the wedge's; unplugged, the station says so at
  // once; plugged back, it reads again without a restart.
  const pill = await wd.waitFor('[data-testid=scanner-status]');
  check('the serial scanner is shown connected', (await wd.text(pill)).includes('serial/scanner'), await wd.text(pill));
  serialSend('RMA-100004');
  const serialRma = await wd.waitFor('[data-testid=scan-result]', async (e) => (await wd.text(e)).includes('RMA-100004'));
  const serialSeq = Number(await wd.attr(serialRma, 'data-seq'));
  const serialSource = JSON.parse(events().find((e) => e.seq === serialSeq)?.payload ?? '{}').source;
  check('a serial read is recorded as a scan from the serial scanner', serialSource === 'serial', `source=${serialSource}`);
  await unplugScanner();
  const banner = await wd.waitFor('[data-testid=scanner-disconnected]');
  check('unplugging the scanner is shown at once', (await wd.text(banner)).includes('disconnected'), await wd.text(banner));
  await shot('08-scanner-unplugged');
  await plugScanner();
  await wd.waitFor('[data-testid=scanner-status]');
  serialSend('5940000000011');
  const replugged = await wd.waitFor('[data-testid=scan-result]', async (e) => (await wd.text(e)).includes('5940000000011'));
  check('after replugging the scanner reads again', (await wd.text(replugged)).includes('Wool sweater'));
  const gone = (await wd.findAll('[data-testid=scanner-disconnected]')).length === 0;
  check('the disconnected banner is gone after replugging', gone);

  // Inspection and disposition by scans and keys only. The serial scanner opened RMA-100004's
  // parcel; its grinder is a clean, expected unit: the product, F3 ("all fine"), the next product.
  let presses = 0;
  const grinder = await scan('(01)08712345678906(21)KV-GR-55102');
  presses += 1;
  latencies.push(grinder.latencyMs);
  const question = await wd.waitFor('[data-testid=question]');
  check('a received unit starts its inspection at the worst question', (await wd.attr(question, 'data-question')) === 'not_working',
    await wd.text(question));
  const grinderLpn = await wd.attr(await wd.find('[data-testid=inspection]'), 'data-lpn');
  await wd.typeKeys('\uE033'); // F3: every check passes
  presses += 1;
  const graded = await wd.waitFor('[data-testid=graded]');
  check('F3 grades the unit', (await wd.attr(graded, 'data-grade')) === 'new-unopened', await wd.text(graded));
  await shot('09-inspection-graded');
  await scan('0036000291452'); // the towel: saves the grinder, decides, and starts the towel
  presses += 1;
  const decided = await wd.waitFor('[data-testid=decision]', async (e) => (await wd.attr(e, 'data-lpn')) === grinderLpn);
  const channel = await wd.attr(decided, 'data-channel');
  const decidedEv = events().filter((e) => e.kind === 'decided').map((e) => JSON.parse(e.payload)).find((d) => d.lpn === grinderLpn);
  check('the decision is shown large the moment the unit is saved, as recorded', !!decidedEv && decidedEv.channel === channel,
    `${channel} vs ${decidedEv?.channel}`);
  // What the customer gets back, beside where the unit goes: new and inside the window, all of it.
  const refundShown = await wd.text(await wd.find('[data-testid=decision-refund]'));
  const refundEv = decidedEv?.refund;
  check('the refund is shown beside the decision, as recorded', refundEv?.kind === 'full' && refundEv.amount_minor > 0
    && refundShown.startsWith('Refund: full') && refundShown.includes((refundEv.amount_minor / 100).toFixed(2)),
  `${refundShown} | ${JSON.stringify(refundEv ?? null)}`);
  const inspectedEv = events().filter((e) => e.kind === 'inspected').map((e) => JSON.parse(e.payload)).find((d) => d.lpn === grinderLpn);
  check('the inspection is an event with its grade and handle time', inspectedEv?.grade === 'new-unopened' && inspectedEv.handle_ms > 0,
    JSON.stringify(inspectedEv ?? {}).slice(0, 200));
  check('a clean unit took at most three scans or keys', presses <= 3, `${presses}`);
  console.log(`scans/keys for a clean unit: ${presses}`);
  const preview = await wd.waitFor('[data-testid=label-preview]', async (e) => (await wd.prop(e, 'naturalWidth')) > 0);
  const [pw, ph] = [await wd.prop(preview, 'naturalWidth'), await wd.prop(preview, 'naturalHeight')];
  check('the decision shows its label as the printer gets it', pw > 300 && ph > pw, `${pw}×${ph} px`);
  await wd.click(await wd.find('[data-testid=why]'));
  const trace = await wd.waitFor('[data-testid=trace]');
  const said = await wd.text(trace);
  check('"why?" says why in sentences, the rule that fired first', /^[^\n]+\? Yes: /.test(said) && !/did not match|explain-|reason-/.test(said),
    said.slice(0, 300));
  await shot('10-decision-why');
  // A click the window lays out under the pointer again while it lands (the label preview, the
  // trace growing) can miss; the toggle is then pressed once more, as a person would.
  await wd.click(await wd.find('[data-testid=trace-details-toggle]'));
  let details = await wd.waitFor('[data-testid=trace-details]', undefined, 5000).catch(() => null);
  if (!details) {
    await wd.exec("document.querySelector('[data-testid=trace-details-toggle]').click();");
    details = await wd.waitFor('[data-testid=trace-details]');
  }
  check('the technical trace is one click further', /Row \d+ matched/.test(await wd.text(details)), (await wd.text(details)).slice(0, 200));
  const labelsDir = join(REDOCK_DATA_DIR, 'labels');
  let labels = [];
  for (let i = 0; i < 50 && labels.length === 0; i += 1) {
    labels = existsSync(labelsDir) ? readdirSync(labelsDir).filter((f) => f.endsWith('.pdf')) : [];
    if (labels.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  check('the label lands in the printer folder', labels.length >= 1
    && readFileSync(join(labelsDir, labels[0])).subarray(0, 4).toString() === '%PDF', labels.join(','));

  // The towel, by command barcodes: a grade, a defect, undo, a found reason, save.
  await scan('CMD:GRADE:B');
  // A USB camera's app drops a photo into the watched folder: it is attached to this unit.
  const inbox = join(REDOCK_DATA_DIR, 'photo-inbox');
  mkdirSync(inbox, { recursive: true });
  writeFileSync(join(inbox, 'towel.part'), readFileSync(join(E2E_OUT, '09-inspection-graded.png')));
  renameSync(join(inbox, 'towel.part'), join(inbox, 'towel.png'));
  const photos = await wd.waitFor('[data-testid=photo-count]');
  check('a photo dropped in the watched folder is attached to the unit', (await wd.text(photos)).includes('1 photo'),
    await wd.text(photos));
  await scan('CMD:DEFECT:CHIP');
  const capped = await wd.waitFor('[data-testid=graded]');
  check('a defect caps the grade', (await wd.attr(capped, 'data-grade')) === 'C', await wd.text(capped));
  await scan('CMD:UNDO');
  const undone = await wd.waitFor('[data-testid=graded]', async (e) => (await wd.attr(e, 'data-grade')) === 'B');
  check('undo takes back the last answer', !!undone);
  const refused = await scan('CMD:REASON:WRONG_SIZE');
  check('an answer the set does not know is refused with a message', (await wd.attr(refused.el, 'data-code')) === 'inspection.unknown_reason',
    await wd.text(refused.el));
  await scan('CMD:REASON:NO_FAULT');
  await scan('CMD:NEXT');
  const towel = await wd.waitFor('[data-testid=decision]', async (e) => (await wd.attr(e, 'data-lpn')) !== grinderLpn);
  check('CMD:NEXT saves and decides', !!(await wd.attr(towel, 'data-channel')));
  await shot('11-towel-decided');

  // The inspector is not sure of the towel's decision: asks a supervisor, with why.
  await wd.click(await wd.find('[data-testid=ask-open]'));
  await wd.waitFor('[data-testid=ask-note]');
  await wd.click(await wd.find('[data-testid=ask-note]'));
  await wd.typeKeys('a thread is pulled on one towel');
  await wd.click(await wd.find('[data-testid=ask-send]'));
  const askSent = await wd.waitFor("[data-testid=ask-sent], [data-testid=ask-error]", undefined, 10000).catch(() => null);
  const askedEv = events().filter((e) => e.kind === 'override_requested').map((e) => JSON.parse(e.payload)).pop();
  check('an inspector asks a supervisor to look at a decision: an event with why',
    !!askSent && (await wd.attr(askSent, 'data-testid')) === 'ask-sent' && askedEv?.note === 'a thread is pulled on one towel',
    `${askSent ? await wd.text(askSent) : 'nothing'} | ${JSON.stringify(askedEv)}`);
  await wd.click(await wd.find('[data-testid=ask-close]'));

  // A supervisor chooses the label printer in the window: ZPL to the same folder, a test label
  // first, then saved (an event); the next labels follow the new settings.
  await wd.click(await wd.find('.logout'));
  await wd.waitFor('#badge');
  await wd.typeKeys('BADGE-0003' + ENTER);
  await wd.typeKeys('3456' + ENTER);
  await wd.waitFor('[data-testid=operator]', async (e) => (await wd.text(e)).includes('Ingrid Hansen'));
  await shot('12-supervisor');
  await wd.click(await wd.find('[data-testid=open-printer]'));
  const kind = await wd.waitFor('[data-testid=printer-kind]', async (e) => (await wd.prop(e, 'value')) === 'folder');
  check('the printer panel shows the folder printer', !!kind);
  await wd.exec(`const f = document.querySelector('[data-testid=printer-format]');
    f.value = 'zpl'; f.dispatchEvent(new Event('change', { bubbles: true }));`);
  await wd.click(await wd.find('[data-testid=printer-test]'));
  const tested = await wd.waitFor('[data-testid=printer-tested], [data-testid=printer-test-error]');
  const testLabels = readdirSync(labelsDir).filter((f) => f.startsWith('test-') && f.endsWith('.zpl'));
  check('a test label goes to the proposed printer before saving', (await wd.attr(tested, 'data-testid')) === 'printer-tested'
    && testLabels.length === 1 && readFileSync(join(labelsDir, testLabels[0]), 'utf8').startsWith('^XA'),
    `${await wd.text(tested)} | ${testLabels.join(',')}`);
  await shot('13-printer-settings');
  await wd.click(await wd.find('[data-testid=printer-save]'));
  await wd.waitFor('[data-testid=printer-saved]');
  const setting = events().filter((e) => e.kind === 'setting_changed').map((e) => JSON.parse(e.payload)).pop();
  check('saving the printer is an event with the settings', setting?.key === 'printer' && setting?.value?.format === 'zpl',
    JSON.stringify(setting));
  await wd.click(await wd.find('[data-testid=printer-close]'));

  // The supervisor opens a unit's history: its LPN scanned into the trail panel, every fact from
  // its return to its label, oldest first, in the supervisor's language (Norwegian).
  await wd.click(await wd.find('[data-testid=open-trail]'));
  await wd.waitFor('[data-testid=trail-lpn]');
  await wd.typeKeys(grinderLpn + ENTER);
  await wd.waitFor('[data-testid=trail-unit]', async (e) => (await wd.text(e)).startsWith(grinderLpn));
  const trailRows = await wd.findAll('[data-testid=trail-entry]');
  const trailKinds = [];
  for (const r of trailRows) trailKinds.push(await wd.attr(r, 'data-kind'));
  const receivedRow = trailRows[trailKinds.indexOf('unit_received')];
  const receivedText = receivedRow ? await wd.text(receivedRow) : '';
  check('a supervisor scans an LPN and sees its history, from the return to the label, in their language',
    trailKinds[0] === 'rma_added' && ['parcel_opened', 'unit_received', 'inspected', 'decided', 'print_queued']
      .every((k, i, all) => trailKinds.includes(k) && (i === 0 || trailKinds.indexOf(all[i - 1]) < trailKinds.indexOf(k)))
      && receivedText.includes('Enhet mottatt'), `${trailKinds.join(',')} | ${receivedText}`);
  await shot('14-trail');
  await wd.click(await wd.find('[data-testid=trail-close]'));

  // Stations in Russia and Norway: the X layout switched, a US scanner's keys pressed by keycode.
  // The OS types them as Cyrillic or Norwegian characters; the station reads what the scanner meant.
  try {
    for (const layout of ['ru', 'no']) {
      setLayout(layout);
      const gs1 = `(01)05901234123457(21)HP200-${layout.toUpperCase()}7`;
      const unit = await scanByKeycode(wd, gs1);
      check(`under ${layout} the OS types a US scanner's keys as its own characters`,
        unit.typed === typedUnder(layout, gs1) && unit.typed !== gs1, String(unit.typed));
      const unitText = await wd.text(await wd.find('[data-testid=scan-text]')).catch(() => '');
      const unitAction = await wd.findAll('[data-testid=receiving-action]');
      check(`under ${layout} the station reads the GS1 code the scanner meant and receives the unit`,
        unitText === gs1 && (await wd.attr(unit.el, 'data-valid')) === 'true' && unitAction.length === 1
          && (await wd.attr(unitAction[0], 'data-action')) === 'received', `${unitText} | ${await wd.text(unit.el)}`.slice(0, 300));
      const unitSeq = Number(await wd.attr(unit.el, 'data-seq'));
      const unitEvent = JSON.parse(events().find((e) => e.seq === unitSeq)?.payload ?? '{}');
      check(`under ${layout} the read is recorded as the scanner's`, unitEvent.code?.text === gs1 && unitEvent.source === 'wedge',
        `${unitEvent.code?.text} ${unitEvent.source}`);
      const lpn = await wd.attr(await wd.waitFor('[data-testid=inspection]', async (e) => !!(await wd.attr(e, 'data-lpn'))), 'data-lpn');
      const pass = await scanByKeycode(wd, 'CMD:PASS');
      const graded = await wd.waitFor('[data-testid=graded]', async (e) => (await wd.attr(e, 'data-grade')) === 'new-unopened'
        && (await wd.attr(await wd.find('[data-testid=inspection]'), 'data-lpn')) === lpn, 10000).catch(() => null);
      check(`under ${layout} CMD:PASS, typed as ${typedUnder(layout, 'CMD:PASS')}, grades the unit`,
        pass.typed === typedUnder(layout, 'CMD:PASS') && !!graded, `${pass.typed} | ${await wd.text(pass.el)}`.slice(0, 300));
      await wd.waitFor('[data-testid=recent] li:first-child .code', async (e) => (await wd.text(e)) === 'CMD:PASS', 10000).catch(() => null);
      const codes = await wd.exec(`return [...document.querySelectorAll('[data-testid=recent] .code')].slice(0, 2).map((c) => c.textContent);`);
      check(`under ${layout} the recent scans list the codes as meant`, codes[0] === 'CMD:PASS' && codes[1] === gs1, codes.join(' , '));
      await shot(`14-layout-${layout}`);
    }
  } finally {
    setLayout('us');
  }

  // A parcel whose label is torn off: a product scanned with no parcel open, F4 (CMD:NOLABEL), the
  // return found by the product's serial, the unit received and graded.
  await scan('CMD:CLOSE');
  await wd.waitFor('[data-testid=parcel]', async (e) => (await wd.attr(e, 'data-open')) !== 'true', 10000).catch(() => null);
  const loose = await scan('(01)05901234123457(21)HP200-00101');
  const looseAsk = await wd.findAll('[data-testid=prompt]');
  check('a product scanned with no parcel open asks whether to open one', looseAsk.length === 1
    && (await wd.attr(looseAsk[0], 'data-type')) === 'no_parcel_open', await wd.text(loose.el));
  await wd.typeKeys('\uE034'); // F4: no label
  const found = await wd.waitFor('[data-testid=parcel]', async (e) => (await wd.text(e)).includes('RMA-200101'), 10000).catch(() => null);
  const foundText = found ? await wd.text(found) : '';
  check('F4 opens a parcel without a label and the serial finds its return (in Norwegian)', foundText.includes('Pakke uten etikett')
    && foundText.includes('HP200-00101') && foundText.includes('Łucja Wójcik'), foundText.replace(/\n/g, ' | ').slice(0, 300));
  const missingLabel = await wd.waitFor('[data-testid=new-exception]', async (e) => (await wd.attr(e, 'data-kind')) === 'label_missing', 5000)
    .catch(() => null);
  check('the missing label is recorded and shown', !!missingLabel, missingLabel ? await wd.text(missingLabel) : '');
  const looseLpn = await wd.attr(await wd.waitFor('[data-testid=inspection]', async (e) => !!(await wd.attr(e, 'data-lpn'))), 'data-lpn');
  await wd.typeKeys('\uE033'); // F3: every check passes
  const looseGraded = await wd.waitFor('[data-testid=graded]', async (e) => (await wd.attr(e, 'data-grade')) === 'new-unopened'
    && (await wd.attr(await wd.find('[data-testid=inspection]'), 'data-lpn')) === looseLpn, 10000).catch(() => null);
  check('the unit found by its serial is received and graded', !!looseGraded, looseLpn);
  const labelEvents = events().filter((e) => e.kind === 'exception_recorded').map((e) => JSON.parse(e.payload))
    .filter((x) => x.kind === 'label_missing');
  const looseUnit = events().filter((e) => e.kind === 'unit_received').map((e) => JSON.parse(e.payload)).find((u) => u.lpn === looseLpn);
  check('the parcel is attached to the return in the SQLite file', labelEvents.length === 1 && labelEvents[0].rma === 'RMA-200101'
    && looseUnit?.rma === 'RMA-200101', JSON.stringify({ labelEvents, looseUnit }).slice(0, 300));
  // F7: the customer's name typed, the open returns found; nothing of it recorded.
  const eventsBefore = events().length;
  await wd.typeKeys('\uE037');
  await wd.waitFor('[data-testid=find-input]');
  await wd.typeKeys('lucja wojcik' + ENTER);
  const choice = await wd.waitFor('[data-testid=return-choice]', undefined, 10000).catch(() => null);
  check('F7 finds the return by the customer\'s name, whatever the accents', !!choice && (await wd.attr(choice, 'data-rma')) === 'RMA-200101',
    choice ? await wd.text(choice) : '');
  check('a name search records nothing', events().length === eventsBefore, `${events().length - eventsBefore} events`);
  await shot('15-no-label');
  await wd.typeKeys('\uE00C'); // Escape: back to scanning
  for (let i = 0; i < 50 && (await wd.findAll('[data-testid=find-returns]')).length > 0; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const backToScan = await wd.exec('return document.activeElement && document.activeElement.id;');
  check('Escape goes back to the scan field', backToScan === 'scan', String(backToScan));

  // The supervisors' queue. A late return (RMA-100003, ordered on 1 October, past its 30-day window): its jacket and
  // sweater graded as used are held for an abuse review. The supervisor filters the queue to
  // holds with that flag, opens one's history from the queue, chooses both and releases them to
  // a channel with a reason: a decision per unit, each an event with the reason.
  await scan('RR123456785PL');
  await scan('5012345678900');
  await scan('CMD:GRADE:B');
  await scan('5940000000011');
  await scan('CMD:GRADE:B');
  await scan('CMD:CLOSE');
  const heldLpns = events().filter((e) => e.kind === 'decided').map((e) => JSON.parse(e.payload))
    .filter((d) => d.channel === 'hold' && d.reason === 'abuse.review').map((d) => d.lpn);
  check('a late return\'s used units are held', heldLpns.length === 2, heldLpns.join(','));
  const openQueue = async () => {
    await wd.click(await wd.find('[data-testid=open-queue]'));
    await wd.waitFor('[data-testid=queue-item]');
    await wd.exec(`const k = document.querySelector('[data-testid=queue-filter-kind]');
      k.value = 'hold'; k.dispatchEvent(new Event('change', { bubbles: true }));`);
    await wd.waitFor('[data-testid=queue-filter-flag] option[value=used_beyond_window]');
    await wd.exec(`const f = document.querySelector('[data-testid=queue-filter-flag]');
      f.value = 'used_beyond_window'; f.dispatchEvent(new Event('change', { bubbles: true }));`);
    await wd.waitFor('[data-testid=queue-matching]', async (e) => (await wd.text(e)).startsWith('2 '));
  };
  await openQueue();
  const rowsShown = await wd.findAll('[data-testid=queue-item]');
  const shownLpns = [];
  for (const r of rowsShown) shownLpns.push(await wd.attr(r, 'data-lpn'));
  const clockText = await wd.text(await wd.find('[data-testid=queue-clock]'));
  check('the queue filtered to flagged holds shows both, with the time left to their target (in Norwegian)',
    shownLpns.length === 2 && heldLpns.every((l) => shownLpns.includes(l)) && /igjen/.test(clockText),
    `${shownLpns.join(',')} | ${clockText}`);
  await shot('16-queue');
  await wd.click(await wd.find('[data-testid=queue-trail]'));
  const fromQueue = await wd.waitFor('[data-testid=trail-unit]', async (e) => (await wd.text(e)).startsWith(shownLpns[0]));
  check('a unit\'s history opens from the queue', !!fromQueue);
  await wd.click(await wd.find('[data-testid=trail-close]'));
  await openQueue();
  await wd.click(await wd.find('[data-testid=queue-choose-all]'));
  await wd.exec(`const c = document.querySelector('[data-testid=queue-release-channel]');
    c.value = 'liquidate'; c.dispatchEvent(new Event('change', { bubbles: true }));`);
  await wd.click(await wd.find('[data-testid=queue-note]'));
  await wd.typeKeys('late but clean, agreed with the shop');
  await wd.click(await wd.find('[data-testid=queue-apply]'));
  const done = await wd.waitFor('[data-testid=queue-done], [data-testid=queue-error]', undefined, 10000).catch(() => null);
  const released = events().filter((e) => e.kind === 'decided').map((e) => JSON.parse(e.payload))
    .filter((d) => heldLpns.includes(d.lpn) && d.decided_by === 'person');
  check('the supervisor releases both holds with a reason: a decision per unit, each an event with it',
    !!done && (await wd.attr(done, 'data-testid')) === 'queue-done' && released.length === 2
      && released.every((d) => d.channel === 'liquidate' && d.note === 'late but clean, agreed with the shop'),
    `${done ? await wd.text(done) : 'nothing shown'} | ${JSON.stringify(released).slice(0, 300)}`);
  await shot('17-queue-released');
  await wd.click(await wd.find('[data-testid=queue-close]'));

  // The supervisor's KPIs of the last week: the units inspected per day drawn as a chart, the
  // numbers in tables, a CSV saved in the station's folder.
  await wd.click(await wd.find('[data-testid=open-kpis]'));
  const kpiSummary = await wd.waitFor('[data-testid=kpi-summary]', undefined, 10000).catch(() => null);
  const inkDrawn = await wd.exec(`const c = document.querySelector('[data-testid=kpi-chart]');
    if (!c) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink += 1;
    return ink;`);
  const todayUnits = await wd.exec(`return [...document.querySelectorAll('[data-testid=kpi-inspectors] td')].map((t) => t.textContent).join('|');`);
  check('the supervisor sees the week\'s KPIs with a chart of units per day', !!kpiSummary && inkDrawn > 500
    && /Sam Taylor/.test(todayUnits), `${kpiSummary ? await wd.text(kpiSummary) : 'no summary'} | ink ${inkDrawn} | ${todayUnits}`);
  await shot('18-kpis');
  await wd.click(await wd.find('[data-testid=kpi-export]'));
  const exportedKpis = await wd.waitFor('[data-testid=kpi-exported]', undefined, 10000).catch(() => null);
  const exportedPath = exportedKpis ? (await wd.text(exportedKpis)).replace(/^[^/]*/, '') : '';
  check('the KPIs are exported as CSV from the screen', !!exportedPath && existsSync(exportedPath)
    && readFileSync(exportedPath, 'utf8').startsWith('section,key,detail,value,unit'), exportedPath);
  await wd.click(await wd.find('[data-testid=kpi-close]'));

  // The administrator (Russian) adds an inspector in the window; the new inspector logs in with
  // the PIN given, and the fact is in the log without it.
  await wd.click(await wd.find('.logout'));
  await wd.waitFor('#badge');
  await wd.typeKeys('BADGE-0004' + ENTER);
  await wd.typeKeys('4567' + ENTER);
  await wd.waitFor('[data-testid=operator]', async (e) => (await wd.text(e)).includes('Olga Smirnova'));
  await wd.click(await wd.find('[data-testid=open-operators]'));
  await wd.waitFor('[data-testid=new-badge]');
  await wd.click(await wd.find('[data-testid=new-badge]'));
  await wd.typeKeys('BADGE-0042');
  await wd.click(await wd.find('[data-testid=new-name]'));
  await wd.typeKeys('Mihai Popa');
  await wd.exec(`for (const [id, v] of [['new-role', 'inspector'], ['new-language', 'ro']]) {
    const s = document.querySelector('[data-testid=' + id + ']'); s.value = v; s.dispatchEvent(new Event('change', { bubbles: true })); }`);
  await wd.click(await wd.find('[data-testid=new-pin]'));
  await wd.typeKeys('2468');
  await wd.click(await wd.find('[data-testid=new-save]'));
  const addedOp = await wd.waitFor('[data-testid=operators-done], [data-testid=operators-error]', undefined, 10000).catch(() => null);
  const addedEv = events().filter((e) => e.kind === 'operator_added').map((e) => JSON.parse(e.payload)).find((o) => o.badge === 'BADGE-0042');
  check('an administrator adds an operator in the window (in Russian): a fact without the PIN',
    !!addedOp && (await wd.attr(addedOp, 'data-testid')) === 'operators-done' && addedEv?.role === 'inspector'
      && !JSON.stringify(addedEv).includes('2468'), `${addedOp ? await wd.text(addedOp) : 'nothing shown'} | ${JSON.stringify(addedEv)}`);
  await shot('19-operators');
  await wd.click(await wd.find('[data-testid=operators-close]'));
  await wd.click(await wd.find('.logout'));
  await wd.waitFor('#badge');
  await wd.typeKeys('BADGE-0042' + ENTER);
  await wd.typeKeys('2468' + ENTER);
  const mihai = await wd.waitFor('[data-testid=operator]', async (e) => (await wd.text(e)).includes('Mihai Popa'), 10000).catch(() => null);
  check('the new operator logs in with their PIN, in their language', !!mihai && (await wd.exec('return document.documentElement.lang;')) === 'ro',
    mihai ? await wd.text(mihai) : 'not logged in');

  // Nothing the strict CSP blocked, anywhere on the way.
  const csp = await wd.exec('return window.__redockCspViolations ?? null;');
  check('the window\'s strict CSP blocked nothing', Array.isArray(csp) && csp.length === 0, JSON.stringify(csp));

  const ms = latencies.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  const pct = (p) => (ms.length ? ms[Math.min(ms.length - 1, Math.round((ms.length - 1) * p))] : NaN);
  console.log(`scan-to-screen latency (Enter → DOM updated), ms: ${ms.map((x) => x.toFixed(1)).join(', ')}`);
  console.log(`scan-to-screen latency: n=${ms.length} p50=${pct(0.5).toFixed(1)} ms p95=${pct(0.95).toFixed(1)} ms`);
  check('scan-to-screen latency was measured', ms.length >= 6, `${ms.length} samples`);
  writeFileSync(join(E2E_OUT, 'latency.json'), JSON.stringify({ latencies_ms: ms, p50: pct(0.5), p95: pct(0.95) }, null, 2));
} catch (e) {
  check('no unexpected error', false, e.stack ?? String(e));
  await shot('99-failure').catch(() => {});
} finally {
  await wd.quit();
  if (socat) socat.kill('SIGTERM');
}

const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length}/${results.length} checks passed; screenshots in ${E2E_OUT}`);
process.exit(failed.length ? 1 : 0);
