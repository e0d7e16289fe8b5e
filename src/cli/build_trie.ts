#!/usr/bin/env node
import { main, isEntryPoint } from "./main.js";

// `build_trie …` is `grampack build_trie …`, under the name Tongrams users know.
if (isEntryPoint(import.meta.url)) {
  main(["build_trie", ...process.argv.slice(2)]).then((status) => {
    process.exitCode = status;
  });
}
