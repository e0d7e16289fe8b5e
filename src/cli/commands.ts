import type { Command } from "./command.js";
import { demo } from "./demo.js";
import { buildTrie } from "./build_trie_command.js";
import { buildHash } from "./build_hash_command.js";
import { lookup } from "./lookup_command.js";
import { printStats } from "./print_stats_command.js";
import { testCountModel } from "./test_count_model_command.js";
import { lookupPerfTest } from "./lookup_perf_test_command.js";
import { count } from "./count_command.js";
import { sortGrams } from "./sort_grams_command.js";
import { estimateCommand } from "./estimate_command.js";
import { sortArpaCommand } from "./sort_arpa_command.js";
import { cooc } from "./cooc_command.js";
import { saCommand } from "./sa_command.js";
import { dedupCommand } from "./dedup_command.js";
import { simhashCommand } from "./simhash_command.js";
import { score } from "./score_command.js";
import { filterCommand } from "./filter_command.js";
import { embedCommand } from "./embed_command.js";
import { keywordsCommand } from "./keywords_command.js";
import { similarCommand } from "./similar_command.js";
import { pairsCommand } from "./pairs_command.js";
import { check } from "./check_command.js";

/** Every command of the `grampack` program, in the order `--help` lists them. */
export const COMMANDS: Command[] = [count, sortGrams, estimateCommand, sortArpaCommand, dedupCommand, simhashCommand, saCommand, buildTrie, buildHash, score, filterCommand, cooc, embedCommand, keywordsCommand, similarCommand, pairsCommand, lookup, printStats, check, testCountModel, lookupPerfTest, demo];
