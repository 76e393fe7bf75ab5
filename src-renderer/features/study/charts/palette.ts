/**
 * Colours for every chart: the Okabe–Ito palette.
 *
 * Chosen because it stays distinguishable under the common colour-vision deficiencies
 * (Okabe & Ito 2008, "Color Universal Design"); yellow is last because it is faint on white.
 */
export const PALETTE = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#999999', // grey
  '#F0E442', // yellow
] as const;

/** Stable colour per calibration method, so "contextual" is the same orange in every chart. */
export function methodColor(method: string, methods: readonly string[]): string {
  const known: Record<string, string> = { none: PALETTE[0], contextual: PALETTE[1], batch: PALETTE[2], domain: PALETTE[3] };
  if (known[method]) return known[method];
  const index = methods.indexOf(method);
  return PALETTE[(index < 0 ? 0 : index + 4) % PALETTE.length];
}

/** Colour for the i-th series when there is no domain meaning (seeds, runs, labels). */
export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** Text and grid colours shared by all charts. */
export const CHART_INK = { text: '#24292f', muted: '#57606a', grid: '#d8dee4', background: '#ffffff' } as const;
