// The library's public types for notebooks: declaration files in .types/ (git-ignored).
//
// tslab type-checks every cell, and resolves `import … from "qkv"` the old Node way, through
// package.json's "types". Pointed at src/index.ts it type-checked the whole library's source on every
// kernel start (about 11 s before the first import returned on this project's 2-core machine). Pointed
// at .types/index.d.ts it reads only declarations: cells are still checked against the library's public
// types, and the first import takes a fraction of that. Everything else (tsc with NodeNext, vitest,
// tsx, the kernel's own `require("qkv")`) follows package.json's "exports" and keeps using src/.
//
// `prepare` (npm install) writes the declarations; `npm run jupyter` and `npm run notebooks:execute`
// rewrite them when src/ changed since (a hash of src/ is kept beside them).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Where the declarations go, relative to the repository root (package.json's "types" points here). */
export const TYPES_DIR = ".types";
const STAMP = ".src-sha256";

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** A hash of every src/**\/*.ts (paths and contents): the declarations are current when it matches. */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles(join(root, "src"))) hash.update(relative(root, file)).update("\0").update(readFileSync(file));
  return hash.digest("hex");
}

/** True when .types/ holds declarations made from the src/ that is there now. */
export function typesAreCurrent(root: string): boolean {
  const stamp = join(root, TYPES_DIR, STAMP);
  return existsSync(join(root, TYPES_DIR, "index.d.ts")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === sourceHash(root);
}

/** Writes .types/ from src/index.ts with the project's TypeScript; throws with the compiler's messages if it cannot. */
export async function emitTypes(root: string): Promise<{ files: number; ms: number }> {
  const started = Date.now();
  const ts = (await import("typescript")).default;
  const outDir = join(root, TYPES_DIR);
  rmSync(outDir, { recursive: true, force: true });
  const options: import("typescript").CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    esModuleInterop: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, "src"),
    outDir,
  };
  const program = ts.createProgram([join(root, "src", "index.ts")], options);
  let files = 0;
  const result = program.emit(undefined, (fileName, text) => {
    mkdirSync(join(fileName, ".."), { recursive: true });
    writeFileSync(fileName, text);
    files++;
  });
  const problems = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0 || files === 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    throw new Error(`the library's declarations could not be written to ${TYPES_DIR}/:\n${ts.formatDiagnostics(problems, host)}`);
  }
  writeFileSync(join(outDir, STAMP), sourceHash(root) + "\n");
  return { files, ms: Date.now() - started };
}

/** Rewrites .types/ when src/ changed since it was written (or it is missing); says so when it does. */
export async function ensureTypes(root: string, log: (line: string) => void = console.log): Promise<void> {
  if (typesAreCurrent(root)) return;
  log(`writing the library's type declarations for notebooks into ${TYPES_DIR}/ (src/ changed since they were made) …`);
  const { files, ms } = await emitTypes(root);
  log(`  ${files} declaration files in ${(ms / 1000).toFixed(1)} s`);
}
