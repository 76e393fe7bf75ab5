/**
 * What the engine reports for a loaded model. Part of the engine contract (src-main/engine/protocol.ts
 * re-exports it), declared in src-shared because the API's ModelDetails (src-shared/api/models.ts)
 * is derived from it. Pure type.
 */
export interface ModelInfo {
  /** Handle used by every later request. */
  modelId: string;
  name: string;
  dir: string;
  /** SHA-256 over the model's files (config, tokenizer, onnx + external data), hex. */
  sha256: string;
  modelType: string;
  vocabSize: number;
  nLayer: number;
  nHead: number;
  hiddenSize: number;
  /** Maximum sequence length (n_positions / max_position_embeddings). */
  contextLength: number;
  /** The ONNX file loaded, relative to dir. */
  onnxFile: string;
  /** Its dtype as transformers.js names it (fp32, fp16, q8, q4, q4f16, ...). */
  dtype?: string;
  /** Where the folder keeps the graph: onnx/ (transformers.js), flat (Optimum's output), legacy merged. */
  layout?: 'onnx-subfolder' | 'optimum-flat' | 'legacy-merged';
  /** Active execution provider, e.g. 'cpu' or 'cuda'. */
  provider: string;
  /** Set when the requested provider failed and the engine fell back to CPU. */
  providerFallback?: string;
  /** Whether attention probabilities can be extracted (false for fused attention ops). */
  attentionAvailable: boolean;
  attentionUnavailableReason?: string;
  eosTokenId?: number;
  bosTokenId?: number;
  /**
   * 'encoder' for masked-language models (BERT, RoBERTa, ALBERT, DistilBERT): fill-mask, masked-LM
   * probes, cloze studies, bidirectional attention; absent or 'decoder' for causal LMs. For encoders
   * contextLength counts the text tokens that fit beside the special tokens ([CLS], [SEP]).
   */
  kind?: 'decoder' | 'encoder';
  /** Encoders: the mask token as the tokenizer writes it ("[MASK]", "<mask>") and its id. */
  maskToken?: string;
  maskTokenId?: number;
  /** Encoders: whether the graph takes token_type_ids (segment ids), as BERT and ALBERT exports do. */
  tokenTypeInput?: boolean;
  /** ALBERT: one set of layer weights shared by every layer. */
  sharedLayers?: boolean;
  /** ALBERT: the factorized embedding width (below hiddenSize). */
  embeddingSize?: number;
}
