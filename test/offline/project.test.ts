import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig, SECRET_PLACEHOLDER } from "../../offline/project";
import { displayValue } from "../../offline/report";
import { PROJECT_DIR } from "../support/commands";
import { tempDir } from "../support/temp";

describe("stack files as the CLI reads them", () => {
    it("namespaces keys, JSON-encodes structured values and turns secure values into marked placeholders", () => {
        const file = path.join(tempDir(), "Pulumi.x.yaml");
        fs.writeFileSync(
            file,
            [
                "config:",
                "  aws:region: us-east-1",
                "  owner: team",
                "  platform:token:",
                "    secure: AAABAC==",
                "  platform:nested:",
                "    plain: 1",
                "    key:",
                "      secure: AAABAD==",
            ].join("\n"),
        );
        const config = readStackConfig(PROJECT_DIR, "x", file);
        assert.deepStrictEqual(config.config, {
            "aws:region": "us-east-1",
            "platform:owner": "team",
            "platform:token": SECRET_PLACEHOLDER,
            "platform:nested": JSON.stringify({ plain: 1, key: SECRET_PLACEHOLDER }),
        });
        assert.deepStrictEqual(config.secretKeys, ["platform:token", "platform:nested"]);
    });
});

describe("report values", () => {
    it("shows secrets as [secret], unknowns as [unknown] and resource references as their URN", () => {
        const { specialSigKey, specialSecretSig, specialResourceSig, unknownValue } = pulumi.runtime;
        assert.deepStrictEqual(
            displayValue({
                password: { [specialSigKey]: specialSecretSig, value: "hunter2" },
                endpoint: unknownValue,
                role: { [specialSigKey]: specialResourceSig, urn: "urn:pulumi:s::p::aws:iam/role:Role::r", id: "r" },
                list: [1, { [specialSigKey]: specialSecretSig, value: "x" }],
            }),
            { password: "[secret]", endpoint: "[unknown]", role: "urn:pulumi:s::p::aws:iam/role:Role::r", list: [1, "[secret]"] },
        );
    });
});
