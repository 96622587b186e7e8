// Proof that the graders grade: for every lesson with a grader,
//   - the reference solutions (solutions/NN-slug.ts) score 100%,
//   - the shipped stubs (stubs/NN-slug.ts, never the student's exercises/) score 0 on every exercise (every test reports "not implemented"),
//   - every mutant (tests/mutants/NN-slug/LL.N-what-is-wrong.ts) fails at least one test of its exercise LL.N,
//   - every exercise has at least two mutants,
//   - the graded exercise ids are exactly those listed in the lesson's front matter (lessons/NN-slug.md).
//   - the shipped stubs (stubs/NN-slug.ts) exist for every grader and export the solution's names.
// All targets (solutions, stubs, every mutant) are graded in one vitest run (gradeMany), falling back to
// one run per target if that run is killed. `npm run grade:verify` prints the counts;
// tests/course/grade-verify.slow.test.ts asserts them (npm run test:slow).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { gradeMany, listGraders, repoRoot, type GraderFile } from "./grade.js";
import { STUBS_DIR } from "./grade-reset.js";
import { listLessonFiles, parseLesson } from "./lesson.js";
import type { GradeReport } from "./grade-types.js";

/** Mutants needed per exercise. */
export const MUTANTS_PER_EXERCISE = 2;

export interface MutantResult {
  /** "tests/mutants/00-tour/00.2-no-max-shift.ts" */
  file: string;
  exercise: string;
  caught: boolean;
  /** Titles of the tests of its exercise that it fails. */
  failedTests: string[];
  /** Other exercises the mutant also broke (should be none: a mutant changes one function). */
  collateral: string[];
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  lessons: number;
  exercises: number;
  tests: number;
  points: number;
  solutions: { earned: number; points: number };
  /** stubSource: the folder the stubs were graded from ("stubs"). */
  stubs: { exercisesAtZero: number; exercises: number; stubSource: string };
  mutants: MutantResult[];
  runs: number;
  ms: number;
}

/** tests/mutants/NN-slug/*.ts, each named for the exercise it breaks: "00.2-no-max-shift.ts". */
export function listMutants(root: string, grader: GraderFile, mutantsDir = "tests/mutants"): { file: string; exercise: string }[] {
  const dir = join(root, mutantsDir, grader.slug);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => {
      const m = name.match(/^(\d{2}\.\d+)-[\w-]+\.ts$/);
      return { file: `${mutantsDir}/${grader.slug}/${name}`, exercise: m ? m[1] : "" };
    });
}

export interface VerifyOptions {
  root?: string;
  timeLimitMs?: number;
  /** Where the mutants are, relative to the root (default tests/mutants; the verifier's own tests use decoys). */
  mutantsDir?: string;
  /** A folder of NN-slug.ts files to grade as the stubs, relative to the root (default stubs/; tests pass others). */
  stubsDir?: string;
}

export async function verifyGraders(options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = Date.now();
  const root = options.root ?? repoRoot();
  const graders = listGraders(root);
  const problems: string[] = [];
  if (graders.length === 0) problems.push("no graders in tests/graders/");

  // The shipped stubs, graded where they are: never exercises/ (the student's) nor git HEAD (which
  // holds whatever the student committed).
  const stubDir = options.stubsDir ?? STUBS_DIR;
  for (const g of graders) {
    if (!existsSync(join(root, stubDir, `${g.slug}.ts`))) problems.push(`${g.file} has no stub ${stubDir}/${g.slug}.ts (every grader needs its shipped stub)`);
  }
  problems.push(...checkStubExports(root, graders, stubDir));
  const mutants = graders.flatMap((g) => listMutants(root, g, options.mutantsDir));
  const graded = await gradeMany(["solutions", stubDir, ...mutants.map((m) => m.file)], { root, timeLimitMs: options.timeLimitMs });
  const [solutions, stubs, ...mutantReports] = graded.reports;

  for (const e of solutions.exercises) {
    if (e.earned !== e.points) {
      const failed = e.tests.filter((t) => t.status !== "pass").map((t) => `"${t.title}": ${t.status}${t.message ? ` (${t.message})` : ""}`);
      problems.push(`solutions/${e.slug}.ts scores ${e.earned}/${e.points} on ${e.id}: ${failed.join("; ")}`);
    }
  }
  for (const e of stubs.exercises) {
    const wrong = e.tests.filter((t) => t.status !== "not-implemented");
    if (e.earned !== 0 || wrong.length > 0) {
      problems.push(`the stub of ${e.id} scores ${e.earned}/${e.points}; tests not reporting "not implemented": ${wrong.map((t) => `"${t.title}" (${t.status})`).join(", ")}`);
    }
  }
  const exerciseIds = solutions.exercises.map((e) => e.id);
  const results: MutantResult[] = mutants.map((m, i) => {
    const report = mutantReports[i];
    const own = report.exercises.find((e) => e.id === m.exercise);
    const failedTests = own ? own.tests.filter((t) => t.status !== "pass").map((t) => t.title) : [];
    const collateral = report.exercises.filter((e) => e.id !== m.exercise && e.earned !== e.points).map((e) => e.id);
    return { file: m.file, exercise: m.exercise, caught: failedTests.length > 0, failedTests, collateral };
  });
  for (const r of results) {
    if (!r.exercise || !exerciseIds.includes(r.exercise)) {
      problems.push(`${r.file}: name it after the exercise it breaks, "LL.N-what-is-wrong.ts", with LL.N one of ${exerciseIds.join(", ")}`);
    } else if (!r.caught) {
      problems.push(`${r.file} passes every test of ${r.exercise}: the grader misses this mistake`);
    }
    if (r.collateral.length > 0) problems.push(`${r.file} also fails ${r.collateral.join(", ")}: a mutant should change one exercise only`);
  }
  for (const id of exerciseIds) {
    const count = results.filter((r) => r.exercise === id).length;
    if (count < MUTANTS_PER_EXERCISE) problems.push(`${id} has ${count} mutant(s); at least ${MUTANTS_PER_EXERCISE} are needed`);
  }

  problems.push(...checkLessonsAgree(root, graders, solutions));

  const runs = graded.runs;
  return {
    ok: problems.length === 0,
    problems,
    lessons: graders.length,
    exercises: exerciseIds.length,
    tests: solutions.exercises.reduce((s, e) => s + e.tests.length, 0),
    points: solutions.points,
    solutions: { earned: solutions.earned, points: solutions.points },
    stubs: { exercisesAtZero: stubs.exercises.filter((e) => e.earned === 0).length, exercises: stubs.exercises.length, stubSource: stubDir },
    mutants: results,
    runs,
    ms: Date.now() - started,
  };
}

/**
 * The names a TypeScript module exports, read from its text: `export function|class|const|let|var|
 * interface|type|enum NAME`, `export { a, b as c }` and `export default`. Enough for exercise files,
 * which the stub and the solution must keep in step (the grader reads the same names from both).
 */
export function exportedNames(text: string): string[] {
  const names = new Set<string>();
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const m of code.matchAll(/^\s*export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of code.matchAll(/^\s*export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  if (/^\s*export\s+default\b/m.test(code)) names.add("default");
  return [...names].sort();
}

/** Every stub exports exactly the names of its solution; every stub has a grader. */
export function checkStubExports(root: string, graders: GraderFile[], stubDir = STUBS_DIR): string[] {
  const problems: string[] = [];
  for (const g of graders) {
    const stub = join(root, stubDir, `${g.slug}.ts`);
    const solution = join(root, "solutions", `${g.slug}.ts`);
    if (!existsSync(stub)) continue;
    if (!existsSync(solution)) {
      problems.push(`${g.file} has no solution solutions/${g.slug}.ts`);
      continue;
    }
    const have = exportedNames(readFileSync(stub, "utf8"));
    const want = exportedNames(readFileSync(solution, "utf8"));
    const missing = want.filter((n) => !have.includes(n));
    const extra = have.filter((n) => !want.includes(n));
    if (missing.length > 0 || extra.length > 0) {
      problems.push(`${stubDir}/${g.slug}.ts and solutions/${g.slug}.ts export different names:` +
        `${missing.length ? ` the stub lacks ${missing.join(", ")};` : ""}${extra.length ? ` only the stub has ${extra.join(", ")};` : ""} keep them in step`);
    }
  }
  if (existsSync(join(root, stubDir))) {
    for (const name of readdirSync(join(root, stubDir)).filter((n) => n.endsWith(".ts")).sort()) {
      if (!graders.some((g) => `${g.slug}.ts` === name)) problems.push(`${stubDir}/${name} has no grader tests/graders/${name.replace(/\.ts$/, ".test.ts")}`);
    }
  }
  return problems;
}

/** Each lesson's front matter lists exactly the exercises its grader grades, and vice versa. */
function checkLessonsAgree(root: string, graders: GraderFile[], solutions: GradeReport): string[] {
  const problems: string[] = [];
  const lessonsDir = join(root, "lessons");
  const lessonFiles = listLessonFiles(lessonsDir).map((f) => basename(f));
  for (const g of graders) {
    if (!lessonFiles.includes(`${g.slug}.md`)) {
      problems.push(`${g.file} has no lesson lessons/${g.slug}.md (grader and lesson share the slug)`);
      continue;
    }
    const listed = lessonExercises(join(lessonsDir, `${g.slug}.md`), problems);
    if (listed === null) continue;
    const graded = solutions.exercises.filter((e) => e.slug === g.slug).map((e) => e.id);
    if (listed.join(",") !== graded.join(",")) {
      problems.push(`lessons/${g.slug}.md lists exercises [${listed.join(", ")}] but ${g.file} grades [${graded.join(", ")}]`);
    }
  }
  for (const file of lessonFiles) {
    const slug = file.replace(/\.md$/, "");
    if (graders.some((g) => g.slug === slug)) continue;
    const listed = lessonExercises(join(lessonsDir, file), problems);
    if (listed !== null && listed.length > 0) problems.push(`lessons/${file} lists exercises [${listed.join(", ")}] but there is no tests/graders/${slug}.test.ts`);
  }
  return problems;
}

/** The exercise ids in a lesson's front matter; null (and a problem noted) when the lesson does not parse. */
function lessonExercises(file: string, problems: string[]): string[] | null {
  try {
    return parseLesson(file).meta.exercises;
  } catch (error) {
    problems.push(`cannot read a lesson's exercise ids: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** The counts, in a few lines. */
export function formatVerify(report: VerifyReport): string {
  const caught = report.mutants.filter((m) => m.caught).length;
  const lines = [
    `grade:verify: ${report.lessons} lesson(s), ${report.exercises} exercises, ${report.tests} tests, ${report.points} points`,
    `  solutions: ${report.solutions.earned}/${report.solutions.points} points (${report.solutions.points ? Math.round((100 * report.solutions.earned) / report.solutions.points) : 0}%)`,
    `  stubs:     0 points on ${report.stubs.exercisesAtZero}/${report.stubs.exercises} exercises (from ${report.stubs.stubSource}/)`,
    `  mutants:   ${caught}/${report.mutants.length} caught`,
    ...report.mutants.map((m) => `    ${m.caught ? "caught" : "MISSED"}  ${m.file}${m.caught ? ` — fails "${m.failedTests.join('", "')}"` : ""}`),
    `  ${report.runs} vitest runs in ${(report.ms / 1000).toFixed(1)} s`,
    report.ok ? "grade:verify: OK" : `grade:verify: FAILED\n${report.problems.map((p) => `  - ${p}`).join("\n")}`,
  ];
  return lines.join("\n");
}
