/** One distinct colour per head (BertViz's categorical palette, extended for many-headed models). */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

export function headColor(head: number): string {
  if (head < PALETTE.length) return PALETTE[head];
  return `hsl(${(head * 137.5) % 360} 60% 45%)`;
}

/** Token text for a narrow label: visible whitespace, cut to `max` characters. */
export function tokenLabel(text: string, max = 16): string {
  const shown = text.replace(/ /g, '·').replace(/\n/g, '↵').replace(/\t/g, '→') || '∅';
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}
