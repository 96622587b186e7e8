// The lesson runner: executes a lesson's ```ts cells in this Node process with a notebook's semantics,
// captures what each cell displays, and times it. Used by `npm run lecture` (pre-flight report and
// lecture page) and by tests.
//
// Notebook semantics, as tslab gives them:
// - one top-level scope shared by the cells of a lesson, in order (a name declared in cell 2 is
//   visible in cell 5; redeclaring it in a later cell replaces it);
// - top-level await;
// - `import … from "qkv"` (any package name) works in every cell;
// - the value of a cell's last expression statement, when not null/undefined, is printed like console.log.
//
// How: each cell is transpiled with the project's TypeScript (types stripped, ES2022), then its
// top-level declarations are rewritten into assignments to a per-lesson scope object, and the cell
// runs as `with (scope) { (async () => { …cell… })() }`. Rewrites keep every line on its line, and a
// source map takes a stack frame back to the lesson file's line. Each lesson gets a fresh scope, so
// lessons never see each other's names.
import { performance } from "node:perf_hooks";
import { format } from "node:util";
import vm from "node:vm";
import ts from "typescript";
import { setDisplaySink } from "../viz/index.js";
import type { CellRun, DisplayItem, Lesson, LessonRun } from "./types.js";

export interface RunLessonOptions {
  /** Called after each cell finishes (for live progress in a terminal). */
  onCell?: (run: CellRun, lesson: Lesson) => void;
  /**
   * Installs a sink that receives what show() displays while a cell runs; returns the function that
   * uninstalls it. Defaults to viz's setDisplaySink, so show() and progress() in cells are captured.
   */
  displaySink?: (sink: (item: DisplayItem) => void) => () => void;
}

/** A cell compiled for the runner. */
interface CompiledCell {
  code: string;
  /** Declared top-level names and, for function declarations, the names to copy into the scope at the start. */
  names: string[];
  functionNames: string[];
  /** 1-based generated line -> 1-based line within the cell's TypeScript source. */
  lineMap: (generatedLine: number) => number;
}

/** A compile-time problem in a cell (syntax error, unsupported statement), with its line in the cell. */
class CellCompileError extends Error {
  constructor(message: string, readonly cellLine: number) {
    super(message);
  }
}

const SCOPE = "__qkvScope";
const IMPORT = "__qkvImport";
const LAST = "__qkvLast";

/** Runs every cell of a lesson in order; stops at the first failure (later cells are marked not run). */
export async function runLesson(lesson: Lesson, options: RunLessonOptions = {}): Promise<LessonRun> {
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const lineMaps = new Map<string, { cellLine: number; lineMap: (l: number) => number }>();
  const cells: CellRun[] = [];
  const start = performance.now();
  let failed = false;

  for (let index = 0; index < lesson.cells.length; index++) {
    const cell = lesson.cells[index];
    const base = { cellIndex: index, line: cell.line };
    if (cell.kind !== "code" || cell.showOnly) {
      cells.push({ ...base, ms: 0, outputs: [] });
      continue;
    }
    if (failed) {
      cells.push({ ...base, ms: 0, outputs: [], notRun: true });
      continue;
    }
    const run = await runCell(lesson, index, scope, lineMaps, options);
    cells.push(run);
    options.onCell?.(run, lesson);
    if (run.error) failed = true;
  }
  return { lesson, cells, totalMs: performance.now() - start, ok: !failed };
}

async function runCell(
  lesson: Lesson,
  index: number,
  scope: Record<string, unknown>,
  lineMaps: Map<string, { cellLine: number; lineMap: (l: number) => number }>,
  options: RunLessonOptions,
): Promise<CellRun> {
  const cell = lesson.cells[index];
  const outputs: DisplayItem[] = [];
  const stderr: string[] = [];
  const t0 = performance.now();
  const writeText = (text: string): void => {
    const last = outputs[outputs.length - 1];
    if (last && last.kind === "text") outputs[outputs.length - 1] = { kind: "text", text: last.text + "\n" + text };
    else outputs.push({ kind: "text", text });
  };
  const done = (error?: { message: string; line: number }): CellRun => ({
    cellIndex: index,
    line: cell.line,
    ms: performance.now() - t0,
    outputs,
    ...(error ? { error } : {}),
    ...(stderr.length > 0 ? { stderr: stderr.join("\n") } : {}),
  });

  let compiled: CompiledCell;
  try {
    compiled = compileCell(cell.source);
  } catch (e) {
    if (e instanceof CellCompileError) return done({ message: e.message, line: cell.line + e.cellLine - 1 });
    throw e;
  }
  const filename = `qkv-cell:${lesson.file}:${index}`;
  lineMaps.set(filename, { cellLine: cell.line, lineMap: compiled.lineMap });
  for (const name of compiled.names) if (!(name in scope)) scope[name] = undefined;

  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
  console.log = console.info = console.debug = (...args: unknown[]) => writeText(format(...args));
  console.warn = console.error = (...args: unknown[]) => {
    const text = format(...args);
    stderr.push(text);
    writeText(text);
  };
  const install = options.displaySink ?? installVizSink;
  const uninstall = install((item) => outputs.push(item));
  try {
    const last: { value?: unknown } = {};
    const fn = new vm.Script(compiled.code, { filename }).runInThisContext() as (
      scope: Record<string, unknown>,
      importModule: (specifier: string) => Promise<unknown>,
      last: { value?: unknown },
    ) => Promise<void>;
    await fn(scope, importModule, last);
    if (last.value !== undefined && last.value !== null) writeText(format(last.value));
    return done();
  } catch (e) {
    return done({ message: describeError(e), line: errorLine(e, lineMaps) ?? cell.line });
  } finally {
    uninstall();
    Object.assign(console, saved);
  }
}

function installVizSink(sink: (item: DisplayItem) => void): () => void {
  const previous = setDisplaySink(sink);
  return () => {
    setDisplaySink(previous);
  };
}

/** How cells load modules: the runner's own import(), so "qkv" is the same module instance as the runner's. */
function importModule(specifier: string): Promise<unknown> {
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    return Promise.reject(new Error(`import "${specifier}": lessons import packages by name (e.g. "qkv"), not files by path`));
  }
  return import(specifier) as Promise<unknown>;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `thrown value: ${format(e)}`;
}

/** The lesson line of the innermost stack frame that lies in a cell of this lesson. */
function errorLine(e: unknown, lineMaps: Map<string, { cellLine: number; lineMap: (l: number) => number }>): number | null {
  const stack = e instanceof Error && typeof e.stack === "string" ? e.stack : "";
  for (const frame of stack.split("\n")) {
    for (const [filename, info] of lineMaps) {
      const at = frame.indexOf(filename + ":");
      if (at < 0) continue;
      const m = /^(\d+):\d+/.exec(frame.slice(at + filename.length + 1));
      if (m) return info.cellLine + info.lineMap(Number(m[1])) - 1;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Compiling one cell.

/** Transpiles a cell and rewrites its top-level declarations into assignments to the shared scope. */
export function compileCell(source: string): CompiledCell {
  const out = ts.transpileModule(source, {
    fileName: "cell.ts",
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      // keep `import { a }` even when `a` is unused in this cell: a later cell may use it
      verbatimModuleSyntax: true,
      sourceMap: true,
      removeComments: false,
    },
  });
  const syntaxError = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntaxError) {
    const line = syntaxError.file && syntaxError.start !== undefined ? syntaxError.file.getLineAndCharacterOfPosition(syntaxError.start).line + 1 : 1;
    throw new CellCompileError(`TypeScript: ${ts.flattenDiagnosticMessageText(syntaxError.messageText, "\n")}`, line);
  }
  const js = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const lineMap = sourceMapLines(out.sourceMapText ?? "");
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);

  const edits: { start: number; end: number; text: string }[] = [];
  const names: string[] = [];
  const functionNames: string[] = [];
  const fail = (node: ts.Node, what: string): never => {
    throw new CellCompileError(what, lineMap(file.getLineAndCharacterOfPosition(node.getStart()).line + 1));
  };
  // replace [start, end) by one line of text, keeping the line breaks it removes
  const replace = (start: number, end: number, text: string): void => {
    const breaks = js.slice(start, end).split("\n").length - 1;
    edits.push({ start, end, text: text + "\n".repeat(breaks) });
  };

  const statements = file.statements;
  statements.forEach((stmt, i) => {
    if (ts.isImportDeclaration(stmt)) {
      const spec = (stmt.moduleSpecifier as ts.StringLiteral).text;
      const load = `(await ${IMPORT}(${JSON.stringify(spec)}))`;
      const clause = stmt.importClause;
      if (!clause) return replace(stmt.getStart(), stmt.getEnd(), `;${load};`);
      const parts: string[] = [];
      if (clause.name) {
        names.push(clause.name.text);
        parts.push(`default: ${clause.name.text}`);
      }
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.push(bindings.name.text);
        const rest = parts.length > 0 ? `, ${clause.name!.text} = ${bindings.name.text}.default` : "";
        return replace(stmt.getStart(), stmt.getEnd(), `;(${bindings.name.text} = ${load}${rest});`);
      }
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          names.push(el.name.text);
          parts.push(el.propertyName ? `${el.propertyName.getText()}: ${el.name.text}` : el.name.text);
        }
      }
      return replace(stmt.getStart(), stmt.getEnd(), `;({ ${parts.join(", ")} } = ${load});`);
    }
    if (ts.isVariableStatement(stmt)) {
      if (stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) fail(stmt, "export is not supported in a lesson cell");
      const decls = stmt.declarationList.declarations;
      for (const d of decls) collectBindingNames(d.name, names);
      replace(stmt.getStart(), decls[0].getStart(), ";(");
      for (const d of decls) if (!d.initializer) edits.push({ start: d.name.getEnd(), end: d.name.getEnd(), text: " = undefined" });
      const last = decls[decls.length - 1];
      edits.push({ start: last.getEnd(), end: last.getEnd(), text: ")" });
      return;
    }
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      names.push(stmt.name.text);
      functionNames.push(stmt.name.text);
      return;
    }
    if (ts.isClassDeclaration(stmt) && stmt.name) {
      names.push(stmt.name.text);
      const classKeyword = stmt.getChildren().find((c) => c.kind === ts.SyntaxKind.ClassKeyword);
      const at = classKeyword ? classKeyword.getStart() : stmt.getStart();
      edits.push({ start: at, end: at, text: `;${stmt.name.text} = ` });
      return;
    }
    if (ts.isExportDeclaration(stmt) || ts.isExportAssignment(stmt)) fail(stmt, "export is not supported in a lesson cell");
    if (ts.isExpressionStatement(stmt) && i === statements.length - 1) {
      edits.push({ start: stmt.expression.getStart(), end: stmt.expression.getStart(), text: `${LAST}.value = (` });
      edits.push({ start: stmt.expression.getEnd(), end: stmt.expression.getEnd(), text: ")" });
    }
  });

  // import("x") anywhere in the cell: a vm script cannot import() by itself, so it goes through the runner
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      edits.push({ start: node.expression.getStart(), end: node.expression.getEnd(), text: IMPORT });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  let body = js;
  for (const e of edits.sort((a, b) => b.start - a.start || b.end - a.end)) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  const hoist = functionNames.map((n) => `${SCOPE}.${n} = ${n};`).join(" ");
  // one header line, so generated line N is line N of the transpiled cell
  const code = `(function (${SCOPE}, ${IMPORT}, ${LAST}) { with (${SCOPE}) { return (async () => { ${hoist} ${body}\n})(); } })`;
  return { code, names, functionNames, lineMap };
}

function collectBindingNames(name: ts.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) {
    into.push(name.text);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectBindingNames(el.name, into);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * From a source map (v3), a function giving for each generated line (1-based) the original line
 * (1-based): the first mapped segment on that line, else the nearest mapped line above.
 */
function sourceMapLines(mapText: string): (line: number) => number {
  const byLine: (number | undefined)[] = [];
  if (mapText) {
    const mappings = (JSON.parse(mapText) as { mappings: string }).mappings;
    let origLine = 0;
    mappings.split(";").forEach((lineSegments, genLine) => {
      for (const segment of lineSegments.split(",")) {
        if (segment === "") continue;
        const fields = decodeVlq(segment);
        if (fields.length >= 4) {
          origLine += fields[2];
          if (byLine[genLine] === undefined) byLine[genLine] = origLine;
        }
      }
    });
  }
  return (line: number) => {
    for (let l = line - 1; l >= 0; l--) {
      const mapped = byLine[l];
      if (mapped !== undefined) return mapped + 1;
    }
    return line;
  };
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// The pre-flight report printed by `npm run lecture`.

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A plain-text report: one line per code cell with its time, failures with file:line, the total. */
export function formatPreflight(run: LessonRun): string {
  const { lesson } = run;
  const lines = [`${lesson.meta.number} ${lesson.meta.title} (${lesson.file})`];
  for (const c of run.cells) {
    const cell = lesson.cells[c.cellIndex];
    if (cell.kind !== "code") continue;
    const where = `${lesson.file}:${cell.line}`;
    if (cell.showOnly) {
      lines.push(`  cell ${String(c.cellIndex).padStart(2)}  ${"shown".padStart(8)}  ${where}`);
    } else if (c.notRun) {
      lines.push(`  cell ${String(c.cellIndex).padStart(2)}  ${"not run".padStart(8)}  ${where}`);
    } else {
      const status = c.error ? `FAILED at ${lesson.file}:${c.error.line}: ${c.error.message}` : c.stderr ? `wrote to stderr: ${firstLine(c.stderr)}` : "ok";
      lines.push(`  cell ${String(c.cellIndex).padStart(2)}  ${seconds(c.ms).padStart(8)}  ${where}  ${status}`);
    }
  }
  const failures = run.cells.filter((c) => c.error).length;
  const warnings = run.cells.filter((c) => c.stderr && !c.error).length;
  lines.push(`  total ${seconds(run.totalMs)}: ${run.ok && warnings === 0 ? "ok" : `${failures} failed, ${warnings} wrote to stderr`}`);
  return lines.join("\n");
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}
