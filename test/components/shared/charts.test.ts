import * as assert from "assert";
import { CHARTS, IMAGES } from "../../../components/shared/charts";
import { helmImages } from "../../../policies/lib/helm";
import { parseImageReference } from "../../../policies/lib/image-reference";
import { previewJson } from "../../support/commands";
import { Plan } from "../../support/plan";

describe("pinned charts and images", () => {
    it("pins every chart to an exact version and every image to a tag and a sha256 digest", () => {
        for (const [name, chart] of Object.entries(CHARTS)) {
            assert.match(chart.version, /^\d+\.\d+\.\d+$/, name);
        }
        for (const [name, image] of Object.entries(IMAGES)) {
            assert.match(image.digest, /^sha256:[0-9a-f]{64}$/, name);
            assert.ok(!image.tag.includes("latest"), name);
        }
    });

    for (const stack of ["dev", "prod", "prod-dr"]) {
        it(`${stack}: every Helm release pins its chart version and sets every image by digest`, async () => {
            const releases = new Plan((await previewJson(stack)).report).ofType("kubernetes:helm.sh/v3:Release");
            assert.ok(releases.length >= 9, `${releases.length} releases`);
            for (const release of releases) {
                assert.match(String(release.inputs.version), /^\d+\.\d+\.\d+$/, `${release.name}: chart version`);
                const images = helmImages(release.inputs);
                assert.ok(images.length > 0, `${release.name} sets no image`);
                for (const image of images) {
                    const ref = parseImageReference(image.reference);
                    assert.ok(typeof ref !== "string" && ref.digest, `${release.name}: ${image.path} = ${image.reference}`);
                }
            }
        });
    }
});
