import { loadStackConfig } from "./stacks/config";
import { buildPlatform } from "./stacks/platform";

// Validate the whole stack configuration before any resource is registered.
const platform = buildPlatform(loadStackConfig());

export const region = platform.region;
export const clusterName = platform.clusterName;
export const kubeconfig = platform.kubeconfig;
export const oidcProviderArn = platform.oidcProviderArn;
export const vpcId = platform.vpcId;
export const privateSubnetIds = platform.privateSubnetIds;
export const publicSubnetIds = platform.publicSubnetIds;
export const kmsKeyArns = platform.kmsKeyArns;
export const webAclArn = platform.webAclArn;
export const deployRunnerProject = platform.deployRunnerProject;
export const logsBucket = platform.logsBucket;
export const tracesBucket = platform.tracesBucket;
export const alertsTopicArn = platform.alertsTopicArn;
export const nodeRoleArn = platform.nodeRoleArn;
export const secretArns = platform.secretArns;
export const repositoryUrls = platform.repositoryUrls;
export const identity = platform.identity;
export const dataBuckets = platform.dataBuckets;
export const disasterRecovery = platform.disasterRecovery;
export const primary = platform.primary;
