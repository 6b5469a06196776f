import * as assert from "assert";
import { TestResource, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);

function stack(publicAccess: boolean, runnerVpc?: string): TestResource[] {
    return [
        { type: "eks:index:Cluster", name: "prod", inputs: { vpcId: "vpc-1", endpointPublicAccess: publicAccess }, custom: false },
        { type: "kubernetes:core/v1:Namespace", name: "automatrix", inputs: { metadata: { name: "automatrix" } } },
        ...(runnerVpc ? [{ type: "aws:codebuild/project:Project", name: "deploy", inputs: { vpcConfig: { vpcId: runnerVpc, subnets: ["subnet-1"] } } }] : []),
    ];
}

describe("policy eks-private-api-deploy-path (stack, advisory; mandatory in our stacks)", () => {
    it("warns when nothing in the stack runs in a private cluster's VPC (finding 4)", async () => {
        const violations = await violationsOf("eks-private-api-deploy-path", stack(false));
        assert.deepStrictEqual(details(violations), [
            'EKS cluster "prod" has a private API endpoint only, and nothing in the stack runs inside its VPC: a deploy from outside (a GitHub-hosted runner) cannot reach the Kubernetes API. Run deploys on a runner in the VPC.',
        ]);
        assert.deepStrictEqual(details(await violationsOf("eks-private-api-deploy-path", stack(false, "vpc-other"))), details(violations));
        assert.strictEqual(violations[0].enforcementLevel, "advisory");
    });

    it("passes a runner in the cluster's VPC, and a public endpoint", async () => {
        assert.deepStrictEqual(await violationsOf("eks-private-api-deploy-path", stack(false, "vpc-1")), []);
        assert.deepStrictEqual(await violationsOf("eks-private-api-deploy-path", stack(true)), []);
    });
});
