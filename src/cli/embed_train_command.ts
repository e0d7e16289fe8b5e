import { intArg, parse, UsageError } from "./command.js";
import { memoryArg } from "./memory_arg.js";
import { numberArg } from "./number_arg.js";
import { Progress } from "./progress.js";
import { formatArg } from "./dedup_args.js";
import { readTrainingCounts } from "../embed/training_counts.js";
import { trainEmbeddings, DEFAULT_DIM, DEFAULT_EIGEN_POWER } from "../embed/train.js";
import { saveEmbeddings } from "../embed/embedding_files.js";
import { DEFAULT_WINDOW } from "../embed/corpus_cooccurrence.js";
import { DEFAULT_CONTEXT_ALPHA } from "../embed/ppmi.js";
import { DEFAULT_OVERSAMPLING, DEFAULT_POWER_ITERATIONS } from "../embed/randomized_svd.js";
import { WORDS } from "../embed/words_tokenizer.js";
import { loadWordsOrTokenizer } from "../embed/tokenizer_choice.js";

export const EMBED_TRAIN_USAGE = `grampack embed train [options] --out EMB COOC | CORPUS…
  Word vectors from co-occurrence: PPMI with context smoothing, randomized truncated SVD, U·Σ^p.
  COOC: a file of grampack cooc build --weighted; CORPUS: JSONL or text files, counted with sliding windows.
  --dim D               dimensions (default ${DEFAULT_DIM})
  --tokenizer T         "${WORDS}" (scikit-learn's word pattern, default), "whitespace" or a tokenizer.json
  --window W            corpus: words of context on each side (default ${DEFAULT_WINDOW})
  --alpha A             context-distribution smoothing (default ${DEFAULT_CONTEXT_ALPHA})
  --shift K             subtract log K from the PMI (default 1: no shift)
  --power P             exponent of Σ (default ${DEFAULT_EIGEN_POWER})
  --iterations Q        subspace iterations (default ${DEFAULT_POWER_ITERATIONS}); --oversampling P (default ${DEFAULT_OVERSAMPLING})
  --seed S              random seed (default 1); the result is the same for a seed and any --threads
  --threads N           threads for the sparse products of the SVD (default 1)
  --quantize            store 8-bit codes instead of float32
  --memory BYTES, --format F, --field NAME   as for grampack cooc build / count`;

function threadsArg(value: string | undefined): number {
  const threads = intArg(value, "--threads", 1);
  if (threads < 1) throw new UsageError(`--threads must be at least 1, got ${threads}`);
  return threads;
}

export async function embedTrain(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      out: { type: "string" },
      dim: { type: "string" },
      tokenizer: { type: "string" },
      window: { type: "string" },
      alpha: { type: "string" },
      shift: { type: "string" },
      power: { type: "string" },
      iterations: { type: "string" },
      oversampling: { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      quantize: { type: "boolean" },
      memory: { type: "string" },
      format: { type: "string" },
      field: { type: "string" },
    },
    { min: 1 },
  );
  if (!values.out) throw new UsageError("--out is required");
  const progress = new Progress("embed train");
  const started = performance.now();
  const { counts, labels } = await readTrainingCounts(
    positionals,
    {
      tokenizer: values.tokenizer === undefined ? undefined : loadWordsOrTokenizer(values.tokenizer),
      window: intArg(values.window, "--window", DEFAULT_WINDOW),
      memoryBytes: values.memory === undefined ? undefined : memoryArg(values.memory, "--memory", 0),
      format: formatArg(values.format),
      field: values.field,
      onDocument: (n) => progress.update(`${n} documents`),
    },
    () => loadWordsOrTokenizer(WORDS),
  );
  const store = trainEmbeddings(counts, labels, {
    dim: intArg(values.dim, "--dim", DEFAULT_DIM),
    alpha: numberArg(values.alpha, "--alpha", DEFAULT_CONTEXT_ALPHA),
    shift: numberArg(values.shift, "--shift", 1),
    power: numberArg(values.power, "--power", DEFAULT_EIGEN_POWER),
    powerIterations: intArg(values.iterations, "--iterations", DEFAULT_POWER_ITERATIONS),
    oversampling: intArg(values.oversampling, "--oversampling", DEFAULT_OVERSAMPLING),
    seed: intArg(values.seed, "--seed", 1),
    threads: threadsArg(values.threads),
    quantize: values.quantize,
    onProgress: (done, total) => progress.update(`SVD ${done}/${total} products`),
  });
  saveEmbeddings(store, values.out);
  progress.done();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${store.count} vectors of ${store.dim} dimensions from ${counts.nonZeros} co-occurring pairs in ${seconds} s → ${values.out}`);
}
