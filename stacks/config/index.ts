export { StackConfigError } from "./errors";
export { loadStackConfig, parseStackConfig, PlatformConfig, RawStackConfig } from "./load";
