import "./interrupts";
import { CommandSpec, emit, runCommand, STACK_OPTIONS, stackOf } from "./cli";
import { EXIT } from "./errors";
import { loadStack, referenceableOutputs, runStack } from "./stack-program";

const STACK_OUTPUTS: CommandSpec = {
    name: "node build/offline/stack-outputs.js",
    summary: "Internal: prints a stack's offline outputs as JSON, for a StackReference of another offline run.",
    options: STACK_OPTIONS,
};

runCommand(STACK_OUTPUTS, async (invocation) => {
    const run = await runStack(loadStack(stackOf(invocation, STACK_OUTPUTS)));
    await emit(JSON.stringify(referenceableOutputs(run.outputs)), undefined);
    return EXIT.ok;
});
