import * as assert from "assert";
import * as fs from "fs";
import { TAGGABLE_FILE, taggableTypes } from "../../scripts/generate-taggable-types";

describe("taggable AWS types (policies/lib/aws-taggable-types.json)", () => {
    it("matches the installed @pulumi/aws (run `npm run generate:taggable-types` after upgrading it)", () => {
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(TAGGABLE_FILE, "utf8")), taggableTypes());
    });

    it("knows which of our resources take tags", () => {
        const { types } = taggableTypes();
        for (const type of ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:eks/nodeGroup:NodeGroup", "aws:cloudwatch/logGroup:LogGroup"]) {
            assert.ok(types.includes(type), type);
        }
        for (const type of ["aws:kms/alias:Alias", "aws:iam/rolePolicy:RolePolicy", "aws:s3/bucketPolicy:BucketPolicy"]) {
            assert.ok(!types.includes(type), type);
        }
    });
});
