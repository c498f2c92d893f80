// ZPL → PNG, offline: `node render.cjs IN.zpl OUT.png WIDTH_MM HEIGHT_MM DOTS_PER_MM`.
// Used by crates/redock-labels/tests to decode what a thermal printer would print.
const fs = require('fs');
const { ready } = require('zpl-renderer-js');

(async () => {
  const [input, output, w, h, dpmm] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node render.cjs IN.zpl OUT.png WIDTH_MM HEIGHT_MM DOTS_PER_MM');
    process.exit(2);
  }
  const { api } = await ready;
  const zpl = fs.readFileSync(input, 'utf8');
  const png = await api.zplToBase64Async(zpl, Number(w || 101.6), Number(h || 152.4), Number(dpmm || 8));
  fs.writeFileSync(output, Buffer.from(png, 'base64'));
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
