import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { readStackExport } from "../../offline/export-file";
import { specialResourceSig, specialSecretSig, specialSigKey, WireObject } from "../../offline/model";
import { wireStruct } from "../../offline/wire-struct";
import { PROJECT_DIR, previewJson } from "../support/commands";
import { workloadExport } from "../support/exports";

const bytes = (struct: Struct) => Buffer.from(struct.serializeBinary()).toString("hex");
/** The reference: google-protobuf's own conversion of plain JavaScript. */
const reference = (value: WireObject) => bytes(Struct.fromJavaScript(value as any));

describe("wireStruct", () => {
    it("serializes every kind of value exactly as Struct.fromJavaScript does", () => {
        const value: WireObject = {
            text: "pod-7 ✓",
            empty: "",
            zero: 0,
            numbers: [1, -2, 3.25, 1e21, Number.MAX_SAFE_INTEGER],
            flags: [true, false],
            nothing: null,
            nested: { list: [[], {}, [null, { deep: ["x"] }]], object: {} },
            [specialSigKey]: specialSecretSig,
            value: "a secret stays a signature object",
        };
        assert.strictEqual(bytes(wireStruct(value)), reference(value));
    });

    it("matches Struct.fromJavaScript on every resource of the export fixtures and of the prod preview", async () => {
        const fixtures = fs.readdirSync(path.join(PROJECT_DIR, "test/fixtures/exports")).map((f) => readStackExport(path.join(PROJECT_DIR, "test/fixtures/exports", f)).resources);
        const { report } = await previewJson("prod");
        const bags = [...fixtures.flat().flatMap((r) => [r.inputs, r.outputs]), ...report.resources.map((r) => r.inputs as WireObject), report.outputs as WireObject];
        assert.ok(bags.length > 370, `${bags.length} property bags`);
        for (const bag of bags) {
            assert.strictEqual(bytes(wireStruct(bag)), reference(bag));
        }
        const workloads = (workloadExport(20) as { deployment: { resources: { inputs?: WireObject }[] } }).deployment.resources;
        for (const { inputs = {} } of workloads) {
            assert.strictEqual(bytes(wireStruct(inputs)), reference(inputs));
        }
    });

    it("sends a resource reference as the referenced resource's ID, or a component's URN, as the engine does", () => {
        const reference = (id: string) => ({ [specialSigKey]: specialResourceSig, urn: "urn:pulumi:dev::platform::aws:s3/bucket:Bucket::logs", id });
        assert.deepStrictEqual(wireStruct({ bucket: reference("logs-1234") }).toJavaScript(), { bucket: "logs-1234" });
        assert.deepStrictEqual(wireStruct({ component: [reference("")] }).toJavaScript(), { component: ["urn:pulumi:dev::platform::aws:s3/bucket:Bucket::logs"] });
    });

    it("refuses what a Struct cannot hold", () => {
        assert.throws(() => wireStruct({ missing: undefined as unknown as null }), /unexpected undefined in a property bag/);
    });
});
