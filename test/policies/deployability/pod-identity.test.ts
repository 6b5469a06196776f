import * as assert from "assert";
import { urnOf, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const CLUSTER = urnOf("aws:eks/cluster:Cluster", "prod");

describe("policy pod-identity-association-unique (stack, mandatory)", () => {
    const addon = {
        type: "aws:eks/addon:Addon",
        name: "ebs-csi",
        inputs: {
            clusterName: "prod",
            addonName: "aws-ebs-csi-driver",
            podIdentityAssociations: [{ roleArn: "arn:aws:iam::111122223333:role/ebs", serviceAccount: "ebs-csi-controller-sa" }],
        },
    };
    const association = (serviceAccount: string) => ({
        type: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
        name: serviceAccount,
        inputs: { clusterName: "prod", namespace: "kube-system", serviceAccount, roleArn: "arn:aws:iam::111122223333:role/x" },
    });

    it("fails a standalone association beside the add-on's own for the same service account (finding 3)", async () => {
        assert.deepStrictEqual(details(await violationsOf("pod-identity-association-unique", [addon, association("ebs-csi-controller-sa")])), [
            'Service account kube-system/ebs-csi-controller-sa is associated twice on cluster prod: by the podIdentityAssociations of add-on "ebs-csi" and by PodIdentityAssociation "ebs-csi-controller-sa"; EKS accepts one association per service account. Remove one of them.',
        ]);
    });

    it("passes one association per service account", async () => {
        assert.deepStrictEqual(await violationsOf("pod-identity-association-unique", [addon, association("cluster-autoscaler")]), []);
    });
});

describe("policy pod-identity-trust-scoped (mandatory)", () => {
    const role = (condition?: Record<string, Record<string, string>>) => ({
        type: "aws:iam/role:Role",
        name: "relaycore",
        inputs: {
            assumeRolePolicy: JSON.stringify({
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "pods.eks.amazonaws.com" },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        ...(condition ? { Condition: condition } : {}),
                    },
                ],
            }),
        },
        propertyDependencies: { assumeRolePolicy: [CLUSTER] },
    });

    it("fails a Pod Identity role any cluster of the account can claim (finding 17)", async () => {
        assert.deepStrictEqual(details(await violationsOf("pod-identity-trust-scoped", [role()])), [
            'Role "relaycore" trusts EKS Pod Identity without naming the cluster (aws:RequestTag/eks-cluster-arn) or the service account (aws:RequestTag/kubernetes-service-account): a pod on another cluster of the account can assume it. Add the condition.',
        ]);
    });

    it("passes a role scoped to one cluster's service account", async () => {
        const scoped = role({
            StringEquals: {
                "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:111122223333:cluster/prod",
                "aws:RequestTag/kubernetes-namespace": "relaycore",
                "aws:RequestTag/kubernetes-service-account": "relaycore",
            },
        });
        assert.deepStrictEqual(await violationsOf("pod-identity-trust-scoped", [scoped]), []);
    });
});
