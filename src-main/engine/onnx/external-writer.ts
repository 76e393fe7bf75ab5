/**
 * Writes a model with its large initializers in an external data file (`model.onnx_data` beside
 * `model.onnx`, the name Optimum and transformers.js use), as protobuf's 2 GB cap on one message
 * requires for big models. Tensors are written one at a time, so the data file is never in memory.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { OnnxModel, OnnxTensor } from './model-io.ts';
import { writeModelFile } from './model-writer.ts';

/** Tensors at least this large go to the data file (ONNX's own save helper uses 1 KiB too). */
const EXTERNAL_THRESHOLD_BYTES = 1024;
/** Offsets aligned as onnx's save helper aligns them, so the data file can be memory-mapped. */
const ALIGN = 4096;

export async function writeModelWithExternalData(onnxPath: string, model: OnnxModel, dataName = `${path.basename(onnxPath)}_data`): Promise<{ graphBytes: number; dataBytes: number }> {
  const file = await open(path.join(path.dirname(onnxPath), dataName), 'w');
  let offset = 0;
  try {
    const moved: OnnxTensor[] = [];
    for (const tensor of model.graph.initializer) {
      const raw = tensor.rawData;
      if (!raw || raw.length < EXTERNAL_THRESHOLD_BYTES) {
        moved.push(tensor);
        continue;
      }
      const start = Math.ceil(offset / ALIGN) * ALIGN;
      let written = 0;
      while (written < raw.length) written += (await file.write(raw, written, raw.length - written, start + written)).bytesWritten;
      offset = start + raw.length;
      const { rawData: _r, ...rest } = tensor;
      moved.push({
        ...rest,
        dataLocation: 1,
        externalData: [
          { key: 'location', value: dataName },
          { key: 'offset', value: String(start) },
          { key: 'length', value: String(raw.length) },
        ],
      });
    }
    model.graph.initializer = moved;
  } finally {
    await file.close();
  }
  const graphBytes = await writeModelFile(onnxPath, model);
  return { graphBytes, dataBytes: offset };
}
