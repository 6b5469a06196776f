import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { imageReference, IMAGES } from "../components/shared/charts";
import { emit, runCommand } from "../offline/cli";
import { IMAGES as IMAGES_COMMAND } from "../offline/commands";
import { EXIT } from "../offline/errors";
import { PROJECT_DIR } from "../offline/paths";

/**
 * Every image the platform runs, pinned by digest: the charts' images (public registries) and the
 * services' images in the stack configs (our ECR). `--github-output` prints them as the two JSON
 * lists the security workflow scans.
 */

export function serviceImages(): string[] {
    const images = new Set<string>();
    for (const file of fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f) && f !== "Pulumi.yaml")) {
        const services = (parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as { config?: Record<string, any> }).config?.["platform:services"] ?? {};
        for (const spec of Object.values<{ image: string }>(services)) {
            images.add(spec.image);
        }
    }
    return [...images].sort();
}

export function chartImages(): string[] {
    return [...new Set(Object.values(IMAGES).map(imageReference))].sort();
}

if (require.main === module) {
    runCommand(IMAGES_COMMAND, async ({ values }) => {
        const text = values["github-output"]
            ? `public=${JSON.stringify(chartImages())}\nprivate=${JSON.stringify(serviceImages())}`
            : [...chartImages(), ...serviceImages()].join("\n");
        await emit(text + "\n", undefined);
        return EXIT.ok;
    });
}
