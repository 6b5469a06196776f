import * as fs from "fs";
import * as path from "path";
import { runCommand } from "../offline/cli";
import { GENERATE_TAGGABLE_TYPES } from "../offline/commands";
import { EXIT } from "../offline/errors";
import { POLICY_PACK_DIR } from "../offline/paths";

/**
 * Regenerates policies/lib/aws-taggable-types.json from the installed @pulumi/aws: every resource
 * type whose Args accept `tags`. Run after upgrading @pulumi/aws (a test keeps the file current).
 */

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));
export const TAGGABLE_FILE = path.join(POLICY_PACK_DIR, "lib/aws-taggable-types.json");

export function taggableTypes(): { version: string; types: string[] } {
    const types: string[] = [];
    for (const dir of fs.readdirSync(AWS_DIR, { withFileTypes: true })) {
        if (!dir.isDirectory() || ["node_modules", "types", "config"].includes(dir.name)) {
            continue;
        }
        for (const file of fs.readdirSync(path.join(AWS_DIR, dir.name))) {
            if (!file.endsWith(".js")) {
                continue;
            }
            const js = fs.readFileSync(path.join(AWS_DIR, dir.name, file), "utf8");
            const token = /__pulumiType = '(aws:[^']+)'/.exec(js)?.[1];
            const dts = path.join(AWS_DIR, dir.name, file.replace(/\.js$/, ".d.ts"));
            if (!token || !fs.existsSync(dts)) {
                continue;
            }
            const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(fs.readFileSync(dts, "utf8"))?.[1] ?? "";
            if (/^\s+tags\?: /m.test(args)) {
                types.push(token);
            }
        }
    }
    const version = (JSON.parse(fs.readFileSync(path.join(AWS_DIR, "package.json"), "utf8")) as { version: string }).version;
    return { version, types: types.sort() };
}

if (require.main === module) {
    runCommand(GENERATE_TAGGABLE_TYPES, async () => {
        const result = taggableTypes();
        fs.writeFileSync(TAGGABLE_FILE, JSON.stringify(result, null, 1) + "\n");
        process.stdout.write(`wrote ${result.types.length} taggable types of @pulumi/aws ${result.version} to ${path.relative(process.cwd(), TAGGABLE_FILE)}\n`);
        return EXIT.ok;
    });
}
