// A small W3C WebDriver client over fetch: enough to drive the station window through
// tauri-driver + WebKitWebDriver (no browserName is sent; tauri-driver starts the app).

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async cmd(method, path, body) {
    const url = this.session ? `${this.base}/session/${this.session}${path}` : `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json).slice(0, 500)}`);
    }
    return json.value;
  }

  async start(application) {
    const value = await this.cmd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    this.session = value.sessionId;
  }

  async quit() {
    if (this.session) {
      await this.cmd('DELETE', '').catch(() => {});
      this.session = null;
    }
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return Object.values(v)[0];
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => Object.values(e)[0]);
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  attr(el, name) {
    return this.cmd('GET', `/element/${el}/attribute/${name}`);
  }

  /// A DOM property (a select's or an input's current `value`, not its attribute).
  prop(el, name) {
    return this.cmd('GET', `/element/${el}/property/${name}`);
  }

  click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  execAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  /// Type as a keyboard wedge does: key down/up per character, no pauses, then the suffix.
  async typeKeys(text, { pauseMs = 0 } = {}) {
    const actions = [];
    for (const ch of text) {
      if (pauseMs) actions.push({ type: 'pause', duration: pauseMs });
      actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
    }
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions').catch(() => {});
  }

  /// Poll until `css` matches and `pred(el)` holds, or fail after `ms`.
  async waitFor(css, pred = async () => true, ms = 30000) {
    const until = Date.now() + ms;
    let last = null;
    while (Date.now() < until) {
      try {
        const els = await this.findAll(css);
        for (const el of els) {
          if (await pred(el)) return el;
        }
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css}${last ? `: ${last.message}` : ''}`);
  }
}

export const ENTER = '\uE007';
