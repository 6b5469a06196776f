import * as fs from "fs";
import { SourceMap } from "module";
import * as path from "path";

/**
 * An error's stack with its frames mapped back to the TypeScript sources. The offline commands run
 * compiled JavaScript without a source-map hook (Pulumi's SDK captures a full stack at every resource
 * registration, and a hook would map each one); the mapping happens here, once, for the error printed.
 */

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
    if (!sourceMaps.has(file)) {
        let map: SourceMap | undefined;
        try {
            map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
        } catch {
            map = undefined; // not ours, or built without a map: keep the frame as it is
        }
        sourceMaps.set(file, map);
    }
    return sourceMaps.get(file);
}

/** `at fn (/abs/file.js:12:5)` or `at /abs/file.js:12:5` */
const FRAME = /(\(|at )([^()\s]+\.js):(\d+):(\d+)(\)?)$/;

function mapFrame(line: string): string {
    const frame = FRAME.exec(line);
    const map = frame ? sourceMapOf(frame[2]) : undefined;
    if (!frame || !map) {
        return line;
    }
    const entry = map.findEntry(Number(frame[3]) - 1, Number(frame[4]) - 1);
    if (!("originalSource" in entry)) {
        return line;
    }
    // TypeScript writes `sources` relative to the map's folder.
    const source = path.resolve(path.dirname(frame[2]), entry.originalSource);
    return line.replace(FRAME, `${frame[1]}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${frame[5]}`);
}

export function sourceMappedStack(err: Error): string {
    return (err.stack ?? `${err.name}: ${err.message}`).split("\n").map(mapFrame).join("\n");
}
