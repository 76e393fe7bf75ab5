import type { AttentionComputeResult } from '../../../src-shared/api/attention.ts';

/**
 * For encoders: the tokens with their segment (token_type_ids 0 / 1) and the special tokens
 * ([CLS], [SEP], <s>, </s>) marked, and a note that every row spans all keys.
 */
export function EncoderTokens({ result }: { result: AttentionComputeResult }) {
  if (!result.bidirectional) return null;
  const special = new Set(result.special ?? []);
  const twoSegments = (result.segments ?? []).some((s) => s === 1);
  return (
    <section className="card stack" data-testid="encoder-tokens">
      <div className="muted">
        Encoder: attention is bidirectional, so each row is a distribution over every token, before and after it (no causal triangle).
        {' '}Special tokens are outlined{twoSegments ? '; segment B (token_type_ids 1) is underlined' : ''}.
      </div>
      <div className="row" style={{ gap: 4, fontFamily: 'var(--mono)', fontSize: 12 }}>
        {result.tokens.map((t, i) => (
          <span
            key={i}
            data-testid={special.has(i) ? 'special-token' : undefined}
            title={`token ${i} · segment ${result.segments?.[i] ?? 0}${special.has(i) ? ' · special' : ''}`}
            style={{
              padding: '1px 5px',
              borderRadius: 4,
              background: special.has(i) ? '#fff' : 'var(--surface-2)',
              border: special.has(i) ? '2px solid #1e2433' : '1px solid var(--border)',
              borderBottom: result.segments?.[i] === 1 ? '3px solid #d08b2c' : undefined,
              fontWeight: special.has(i) ? 600 : 400,
            }}
          >
            {t}
          </span>
        ))}
      </div>
    </section>
  );
}
