import * as fs from "fs";
import * as path from "path";

/**
 * Where the offline tooling finds the project, whether it runs compiled (build/offline, as the npm
 * scripts run it) or from its sources: the project is the nearest folder above with a Pulumi.yaml.
 */
function projectDirAbove(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml in ${start} or above`);
        }
    }
}

export const PROJECT_DIR = projectDirAbove(__dirname);
export const POLICY_PACK_DIR = path.join(PROJECT_DIR, "policies");

/** A module of this build by its path without extension, e.g. `offline/preview` → build/offline/preview.js. */
export function buildModule(relative: string): string {
    return require.resolve(path.join(__dirname, "..", relative));
}
