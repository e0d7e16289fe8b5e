import { UsageError, type Command } from "./command.js";
import { embedTrain, EMBED_TRAIN_USAGE } from "./embed_train_command.js";
import { embedImport, EMBED_IMPORT_USAGE } from "./embed_import_command.js";
import { embedNeighbors, EMBED_NEIGHBORS_USAGE } from "./embed_neighbors_command.js";
import { embedExport, EMBED_EXPORT_USAGE } from "./embed_export_command.js";

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void> | void> = {
  train: embedTrain,
  import: embedImport,
  neighbors: embedNeighbors,
  export: embedExport,
};

export const embedCommand: Command = {
  name: "embed",
  subcommands: true,
  summary: "embeddings: train from co-occurrence, import/export (.npy, word2vec, GloVe), cosine neighbours",
  usage: `usage: grampack embed <subcommand> …

${EMBED_TRAIN_USAGE}

${EMBED_IMPORT_USAGE}

${EMBED_NEIGHBORS_USAGE}

${EMBED_EXPORT_USAGE}`,
  run(argv) {
    const [sub, ...rest] = argv;
    const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (run === undefined) throw new UsageError(sub === undefined ? "missing subcommand" : `unknown subcommand "${sub}"`);
    return run(rest);
  },
};
