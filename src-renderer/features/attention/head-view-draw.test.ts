import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawHeadView, HEAD_VIEW_LAYOUT, headViewHeight, LINE_THRESHOLD } from './head-view-draw.ts';

/** The lines a drawing strokes, as "head q→k" (a line is a moveTo at the query's row, a lineTo at the key's). */
type Line = string;

class RecordingPath {
  static current: { head: number; lines: Line[] } = { head: 0, lines: [] };
  private fromY = 0;
  moveTo(_x: number, y: number) {
    this.fromY = y;
  }
  lineTo(_x: number, y: number) {
    const row = (py: number) => Math.round((py - HEAD_VIEW_LAYOUT.topPx - HEAD_VIEW_LAYOUT.rowPx / 2) / HEAD_VIEW_LAYOUT.rowPx);
    RecordingPath.current.lines.push(`${RecordingPath.current.head} ${row(this.fromY)}→${row(y)}`);
  }
}

/** A 2D context that records nothing but which head's paths are being built (strokeStyle is set after them). */
function fakeContext(heads: number) {
  let head = 0;
  return new Proxy({} as Record<string | symbol, unknown>, {
    get: (_t, key) => (key === 'stroke' ? () => undefined : key === 'strokeStyle' ? '' : () => undefined),
    set: (_t, key) => {
      if (key === 'strokeStyle') RecordingPath.current.head = head = Math.min(heads - 1, head + 1);
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/** Lines of a band, by the definition (every weight over the threshold whose line's vertical extent meets the band), independent of the drawing's loop bounds. */
function expected(heads: Float32Array[], n: number, top: number, height: number): Set<Line> {
  const y = (i: number) => HEAD_VIEW_LAYOUT.topPx + i * HEAD_VIEW_LAYOUT.rowPx + HEAD_VIEW_LAYOUT.rowPx / 2;
  const out = new Set<Line>();
  heads.forEach((m, h) => {
    for (let q = 0; q < n; q++)
      for (let k = 0; k < n; k++) {
        const inBand = Math.min(y(q), y(k)) <= top + height + HEAD_VIEW_LAYOUT.rowPx && Math.max(y(q), y(k)) >= top - HEAD_VIEW_LAYOUT.rowPx;
        if (m[q * n + k] >= LINE_THRESHOLD && inBand) out.add(`${h} ${q}→${k}`);
      }
  });
  return out;
}

function randomHeads(n: number, heads: number, causal: boolean, seed: number): Float32Array[] {
  let x = seed;
  const rand = () => (x = (x * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: heads }, () => {
    const m = new Float32Array(n * n);
    for (let q = 0; q < n; q++) for (let k = 0; k < (causal ? q + 1 : n); k++) m[q * n + k] = rand() < 0.2 ? rand() : 0;
    return m;
  });
}

describe('head view drawing of a scrolled band', () => {
  const saved = (globalThis as { Path2D?: unknown }).Path2D;
  beforeAll(() => void ((globalThis as { Path2D?: unknown }).Path2D = RecordingPath));
  afterAll(() => void ((globalThis as { Path2D?: unknown }).Path2D = saved));

  for (const causal of [true, false]) {
    it(`strokes exactly the lines that cross the band (${causal ? 'decoder' : 'encoder'} attention), reading only the rows and keys that can`, () => {
      const n = 120;
      const heads = randomHeads(n, 2, causal, 7);
      const full = headViewHeight(n);
      for (const top of [0, 333, 900, full - 560]) {
        const height = 560;
        RecordingPath.current = { head: 0, lines: [] };
        drawHeadView(fakeContext(heads.length), Array(n).fill('t'), heads, [true, true], null, HEAD_VIEW_LAYOUT, { top, height });
        const drawn = new Set(RecordingPath.current.lines);
        expect(drawn.size, `band at ${top}`).toBe(RecordingPath.current.lines.length);
        expect([...drawn].sort(), `band at ${top}`).toEqual([...expected(heads, n, top, height)].sort());
      }
    });
  }
});
