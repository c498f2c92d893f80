// Short tones for success and error, made on the spot (no audio files to load).
let ctx: AudioContext | null = null;

function tone(freq: number, ms: number, at = 0) {
  try {
    ctx ??= new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    osc.type = 'square';
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    const start = ctx.currentTime + at / 1000;
    osc.start(start);
    osc.stop(start + ms / 1000);
  } catch {
    // No audio device: the colour still tells.
  }
}

export const sound = {
  ok: () => tone(1320, 80),
  warn: () => {
    tone(660, 120);
    tone(660, 120, 160);
  },
  error: () => {
    tone(220, 350);
  },
};
