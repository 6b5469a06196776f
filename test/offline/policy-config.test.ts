import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AnalyzerInfo } from "../../offline/analyzer";
import { UsageError } from "../../offline/errors";
import { parsePolicyConfigFile, reconcilePolicyConfig } from "../../offline/policy-config";
import { tempDir } from "../support/temp";

const info: AnalyzerInfo = {
    name: "pack",
    version: "1.0.0",
    policies: [
        {
            name: "digest",
            description: "",
            remediation: "",
            enforcementLevel: "mandatory",
            configSchema: { properties: { registries: { type: "array", items: { type: "string" }, default: [] } } },
        },
        {
            name: "tags",
            description: "",
            remediation: "",
            enforcementLevel: "advisory",
            configSchema: { properties: { required: { type: "array", items: { type: "string" } } }, required: ["required"] },
        },
        { name: "plain", description: "", remediation: "", enforcementLevel: "advisory" },
    ],
};

function file(content: string): string {
    const name = path.join(tempDir(), "config.json");
    fs.writeFileSync(name, content);
    return name;
}

describe("policy pack configuration (the CLI's --policy-pack-config rules)", () => {
    it("starts from each policy's level and schema defaults, then applies `all`, then each policy", () => {
        const config = reconcilePolicyConfig(
            info,
            parsePolicyConfigFile(file(JSON.stringify({ all: "advisory", digest: { enforcementLevel: "mandatory", registries: ["ecr"] }, tags: { required: ["owner"] } }))),
        );
        assert.deepStrictEqual(config, {
            digest: { enforcementLevel: "mandatory", properties: { registries: ["ecr"] } },
            tags: { enforcementLevel: "advisory", properties: { required: ["owner"] } },
            plain: { enforcementLevel: "advisory", properties: {} },
        });
    });

    it("rejects a value that does not match the policy's schema, naming it", () => {
        assert.throws(
            () => reconcilePolicyConfig(info, parsePolicyConfigFile(file(JSON.stringify({ digest: { registries: "ecr" }, tags: { required: ["x"] } })))),
            (err: Error) => err instanceof UsageError && /digest\.registries: must be array/.test(err.message),
        );
        assert.throws(() => reconcilePolicyConfig(info, {}), /tags: must have required property 'required'/);
    });

    it("rejects unknown levels, unknown policies and malformed files", () => {
        assert.throws(
            () => parsePolicyConfigFile(file('{"digest": "loud"}')),
            /"digest": "loud" is not a valid enforcement level; expected one of advisory, mandatory, remediate, disabled/,
        );
        assert.throws(
            () => reconcilePolicyConfig(info, parsePolicyConfigFile(file('{"digets": "advisory"}'))),
            /names "digets", which is not a policy of pack; did you mean digest\?/,
        );
        assert.throws(() => parsePolicyConfigFile(file("[1]")), /expected a JSON object keyed by policy name/);
        assert.throws(() => parsePolicyConfigFile(file("{")), UsageError);
        assert.deepStrictEqual(parsePolicyConfigFile(file("  ")), {});
    });

    it("takes only the pack's own policy names (no prototype keys) and only the properties a policy declares", () => {
        for (const name of ["__proto__", "toString", "constructor", "hasOwnProperty"]) {
            assert.throws(
                () => reconcilePolicyConfig(info, parsePolicyConfigFile(file(`{"${name}": "disabled"}`))),
                (err: Error) => err instanceof UsageError && err.message.includes(`names "${name}", which is not a policy of pack`),
                name,
            );
        }
        assert.throws(
            () => reconcilePolicyConfig(info, parsePolicyConfigFile(file(JSON.stringify({ digest: { registry: ["ecr"] }, tags: { required: ["x"] } })))),
            /digest: must NOT have additional properties "registry"; it takes registries/,
        );
        assert.throws(
            () => reconcilePolicyConfig(info, parsePolicyConfigFile(file(JSON.stringify({ plain: { loud: true }, tags: { required: ["x"] } })))),
            /plain: must NOT have additional properties "loud"; it takes no properties/,
        );
    });
});
