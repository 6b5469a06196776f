import { loadStackConfig } from "./stacks/config";
import { buildPlatform } from "./stacks/platform";

// Validate the whole stack configuration before any resource is registered.
const platform = buildPlatform(loadStackConfig());

export const region = platform.region;
export const vpcId = platform.vpcId;
export const privateSubnetIds = platform.privateSubnetIds;
export const kmsKeyArns = platform.kmsKeyArns;
export const primary = platform.primary;
