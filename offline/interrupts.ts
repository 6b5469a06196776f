// Imported first by every command's entry module, before the SDKs load (most of a command's start-up):
// Ctrl-C at any moment exits 8 with one line.
import { handleInterrupts } from "./lifecycle";

handleInterrupts();
