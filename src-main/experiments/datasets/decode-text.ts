import { ExperimentInputError } from '../errors.ts';

/**
 * Decode a data file as UTF-8, dropping a UTF-8 byte-order mark.
 *
 * Invalid bytes are an error naming the line, rather than U+FFFD silently entering prompts and
 * changing tokenization. UTF-16 files (BOM FF FE / FE FF) get their own message because that is
 * what spreadsheet exports on Windows produce.
 */
export function decodeUtf8(bytes: Uint8Array, fileLabel: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new ExperimentInputError(`${fileLabel}: file is UTF-16 encoded; save it as UTF-8`, 'DATASET_ENCODING');
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ExperimentInputError(`${fileLabel}:${firstInvalidLine(body)}: invalid UTF-8 bytes; save the file as UTF-8`, 'DATASET_ENCODING');
  }
}

/** The 1-based line holding the first byte sequence that is not valid UTF-8. */
function firstInvalidLine(body: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      try {
        decoder.decode(body.subarray(lineStart, i));
      } catch {
        return line;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return line;
}
