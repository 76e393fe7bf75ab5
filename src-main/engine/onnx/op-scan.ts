/**
 * Whether a graph file names an op, found by scanning its bytes rather than decoding it.
 *
 * Op types are stored as plain UTF-8 strings in the protobuf, so a byte search answers in a
 * fraction of a second even for a multi-GB graph with inline weights, where decoding would hold
 * the whole file. (A chance match inside weight bytes of a 19-byte name is negligible.)
 */
import fs from 'node:fs';

const CHUNK = 16 * 1024 * 1024;

export function fileMentions(file: string, text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + needle.length);
    let carried = 0;
    for (let position = 0; ; ) {
      const read = fs.readSync(fd, buffer, carried, CHUNK, position);
      if (read === 0) return false;
      const filled = carried + read;
      if (buffer.subarray(0, filled).includes(needle)) return true;
      position += read;
      carried = Math.min(needle.length - 1, filled);
      buffer.copy(buffer, 0, filled - carried, filled);
    }
  } finally {
    fs.closeSync(fd);
  }
}
