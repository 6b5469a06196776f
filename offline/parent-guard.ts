/**
 * Preloaded (`node -r`) into every process the offline commands start: the policy pack, the run of a
 * referenced stack, dr:check's previews. A killed parent (SIGKILL cannot be trapped) leaves its
 * children running, so each child ends itself, as if sent SIGTERM, when its parent is gone: when the
 * pipe its parent holds as its stdin closes, or, should another process hold that pipe open too, when
 * it is handed to a new parent (its parent process id changes). Neither check keeps the process alive.
 */
const stdin = process.stdin as NodeJS.ReadStream & { unref?: () => void };
const parent = process.ppid;
const parentGone = () => process.kill(process.pid, "SIGTERM");
stdin.on("end", parentGone);
stdin.on("error", parentGone);
stdin.resume();
stdin.unref?.();
setInterval(() => process.ppid !== parent && parentGone(), 1000).unref();
