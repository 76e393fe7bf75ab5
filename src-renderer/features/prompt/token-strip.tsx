/**
 * The rendered prompt with its token boundaries: alternating coloured spans, one per token.
 *
 * Boundaries come from the model's own tokenizer (the API's `tokens.tokenize`), with character
 * offsets, so what is shown is what the model reads: " Positive" as one piece or several.
 * Whitespace is made visible (· for a space, ↵ for a newline) because a stray space changes
 * the tokens and the scores.
 */
import { memo, type ReactNode } from 'react';

export interface TokenPiece {
  id: number;
  start: number;
  end: number;
}

/** Makes whitespace visible inside one token's text; newlines stay real line breaks. */
export function visibleWhitespace(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\n/g, '↵\n');
}

export interface TokenStripProps {
  text: string;
  pieces: readonly TokenPiece[];
}

export const TokenStrip = memo(function TokenStrip({ text, pieces }: TokenStripProps) {
  const spans: ReactNode[] = [];
  let cursor = 0;
  pieces.forEach((piece, index) => {
    if (piece.start > cursor) {
      // Text the tokenizer did not cover (should not happen): show it unmarked rather than drop it.
      spans.push(<span key={`gap-${index}`}>{visibleWhitespace(text.slice(cursor, piece.start))}</span>);
    }
    spans.push(
      <span key={index} className={index % 2 === 0 ? 'ps-token ps-token--even' : 'ps-token ps-token--odd'} title={`#${index} id ${piece.id}`}>
        {visibleWhitespace(text.slice(piece.start, piece.end))}
      </span>,
    );
    cursor = Math.max(cursor, piece.end);
  });
  if (cursor < text.length) spans.push(<span key="tail">{visibleWhitespace(text.slice(cursor))}</span>);
  return (
    <pre className="ps-token-strip" data-testid="token-strip">
      {spans}
    </pre>
  );
});
