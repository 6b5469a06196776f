import * as assert from "assert";
import { iamRoleName } from "../../../components/shared/iam";

describe("iamRoleName", () => {
    it("joins the parts while they fit IAM's 64 characters", () => {
        assert.strictEqual(iamRoleName("platform-prod", "automatrix"), "platform-prod-automatrix");
    });

    it("keeps long names within 64 characters, readable and distinct", () => {
        const service = "a-service-name-that-is-as-long-as-kubernetes-allows-it-to-be-xyz";
        const [a, b] = [iamRoleName("platform-prod-dr", service), iamRoleName("platform-prod-dr", `${service.slice(0, -1)}w`)];
        assert.strictEqual(a.length, 64);
        assert.ok(a.startsWith("platform-prod-dr-a-service-name"), a);
        assert.notStrictEqual(a, b);
        assert.strictEqual(iamRoleName("platform-prod-dr", service), a, "deterministic: bucket policies and the role agree");
    });
});
