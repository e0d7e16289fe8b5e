import type { Command } from "./command.js";
import { demo } from "./demo.js";

/** Every command of the `grampack` program, in the order `--help` lists them. */
export const COMMANDS: Command[] = [demo];
