import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Temporary files of the tests, all removed when the run ends. */

const made: string[] = [];

after(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

export function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-test-"));
    made.push(dir);
    return dir;
}

/** A file of the given name and content in a new temporary folder. */
export function tempFile(name: string, content: string): string {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, content);
    return file;
}
