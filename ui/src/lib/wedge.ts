// Telling a keyboard-wedge scanner from a person: a scanner "types" a whole code in a burst, a few
// milliseconds a key, and ends it with its suffix (Enter by default). A person types slower and
// unevenly. Both are accepted; the source is recorded with the scan.

export interface WedgeSettings {
  /// Largest gap between keys (ms) still counted as a scanner.
  maxGapMs: number;
  /// Shortest code a scanner burst can be; shorter is treated as typing.
  minLength: number;
  /// Keys that end a scan (KeyboardEvent.key values).
  suffixes: string[];
}

export const DEFAULT_WEDGE: WedgeSettings = { maxGapMs: 50, minLength: 4, suffixes: ['Enter', 'Tab'] };

export type Source = 'wedge' | 'manual';

export class WedgeDetector {
  private times: number[] = [];
  constructor(private settings: WedgeSettings = DEFAULT_WEDGE) {}

  /// New settings (from the station) apply from the next key on.
  configure(settings: WedgeSettings) {
    this.settings = settings;
    this.times = [];
  }

  /// Feed every keydown of the scan field. Returns the source when the key ends a scan.
  key(key: string, at: number): Source | 'end-empty' | null {
    if (this.settings.suffixes.includes(key)) {
      const source = this.classify();
      const empty = this.times.length === 0;
      this.times = [];
      return empty ? 'end-empty' : source;
    }
    if (key === 'Backspace' || key === 'Delete') {
      // Scanners never correct themselves.
      this.times.push(Number.NEGATIVE_INFINITY);
      return null;
    }
    if (key.length === 1) this.times.push(at);
    return null;
  }

  reset() {
    this.times = [];
  }

  private classify(): Source {
    const t = this.times;
    if (t.length < this.settings.minLength) return 'manual';
    for (let i = 1; i < t.length; i++) {
      const gap = t[i] - t[i - 1];
      if (!(gap >= 0 && gap <= this.settings.maxGapMs)) return 'manual';
    }
    return 'wedge';
  }
}
