import { runCommand } from "./cli";
import { loadStack, referenceableOutputs, runStack } from "./stack-program";

/** Internal: prints a stack's offline outputs for a StackReference of another offline run. */
runCommand(async () => {
    const run = await runStack(loadStack(process.argv[2]));
    process.stdout.write(JSON.stringify(referenceableOutputs(run.outputs)), () => process.exit(0));
});
