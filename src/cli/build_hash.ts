#!/usr/bin/env node
import { main, isEntryPoint } from "./main.js";

// `build_hash …` is `grampack build_hash …`, under the name Tongrams users know.
if (isEntryPoint(import.meta.url)) {
  main(["build_hash", ...process.argv.slice(2)]).then((status) => {
    process.exitCode = status;
  });
}
