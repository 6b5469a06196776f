import * as assert from "assert";
import { TestResource, violationsOf } from "../support/policy-harness";

const policy = "ingress-waf-and-tls";
const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const A = "alb.ingress.kubernetes.io/";
const WAF = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/platform/abc";
const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/abc";
function ingress(annotations: Record<string, string>, className = "alb"): TestResource {
    return {
        type: "kubernetes:networking.k8s.io/v1:Ingress",
        name: "web",
        inputs: { metadata: { name: "web", namespace: "shop", annotations }, spec: { ingressClassName: className, rules: [] } },
    };
}
const PUBLIC = { [`${A}scheme`]: "internet-facing" };
const TLS = { [`${A}certificate-arn`]: CERT, [`${A}listen-ports`]: '[{"HTTPS":443}]' };

describe("policy ingress-waf-and-tls (stack)", () => {
    it("passes an internet-facing ALB with WAF and TLS, and ignores internal ones", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [ingress({ ...PUBLIC, ...TLS, [`${A}wafv2-acl-arn`]: WAF })]), []);
        assert.deepStrictEqual(await violationsOf(policy, [ingress({ [`${A}scheme`]: "internal" })]), []);
    });

    it("flags a missing WAF and plain HTTP", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [ingress({ ...PUBLIC, [`${A}listen-ports`]: '[{"HTTP":80}]' })])), [
            `Ingress "web" is internet-facing without a WAF web ACL; add the annotation ${A}wafv2-acl-arn (or wafv2AclArn in its IngressClassParams).`,
            `Ingress "web" is internet-facing without TLS; set ${A}certificate-arn and listen only on HTTPS (${A}listen-ports '[{"HTTPS":443}]').`,
        ]);
    });

    it("accepts the WAF from the IngressClassParams of the Ingress's class", async () => {
        const ingressClass: TestResource = {
            type: "kubernetes:networking.k8s.io/v1:IngressClass",
            name: "public",
            inputs: {
                metadata: { name: "public-alb" },
                spec: { controller: "ingress.k8s.aws/alb", parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "public-params" } },
            },
        };
        const params: TestResource = {
            type: "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams",
            name: "params",
            inputs: { metadata: { name: "public-params" }, spec: { wafv2AclArn: WAF } },
        };
        assert.deepStrictEqual(await violationsOf(policy, [ingress({ ...PUBLIC, ...TLS }, "public-alb"), ingressClass, params]), []);
    });
});
