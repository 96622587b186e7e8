// npm run grade [-- LESSON | EXERCISE ...] [--solutions | --target PATH] [--json FILE] [--time-limit MS]
// npm run grade:verify   (= --verify: solutions 100%, stubs 0, every mutant caught)
//
// Prints the score table and, for each failure, the hint and what went wrong; writes grades.json.
// Exit code: 0 whenever grading ran (failing exercises are a report, not an error), 1 when the tool
// itself failed, 2 for a wrong command line. --verify exits 1 when a check fails.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { grade, formatReport, GradeToolError, repoRoot, stopGrading, DEFAULT_TIME_LIMIT_MS } from "../src/course/grade.js";
import { formatVerify, verifyGraders } from "../src/course/grade-verify.js";
import { exitWithUsage, parseCommandLine, UsageError, type CommandSpec } from "../src/course/cli.js";

const GRADE_CLI: CommandSpec = {
  command: "npm run grade",
  words: { usage: "[LESSON | EXERCISE ...]", help: "a lesson (04: all its exercises) or an exercise id (04.2); none = every lesson" },
  flags: [
    { name: "--solutions", help: "grade solutions/ instead of exercises/" },
    { name: "--target", value: "PATH", help: "grade another file or folder (a mutant, a copy of exercises/)" },
    { name: "--json", value: "FILE", help: "where to write the report (default: grades.json)" },
    { name: "--time-limit", value: "MS", help: `per-test time limit (default ${DEFAULT_TIME_LIMIT_MS})` },
    { name: "--verify", help: "check the graders themselves (npm run grade:verify)" },
  ],
};

interface Args {
  selection: string[];
  target?: string;
  json: string;
  timeLimitMs?: number;
  verify: boolean;
}

function parseGradeArgs(argv: string[]): Args {
  const cl = parseCommandLine(GRADE_CLI, argv);
  const args: Args = { selection: cl.words, json: cl.value("--json") ?? "grades.json", verify: cl.flag("--verify") };
  if (cl.flag("--solutions")) args.target = "solutions";
  if (cl.value("--target") !== undefined) args.target = cl.value("--target");
  const limit = cl.value("--time-limit");
  if (limit !== undefined) {
    const ms = Number(limit);
    if (!(ms > 0)) exitWithUsage(new UsageError(GRADE_CLI, `--time-limit must be a positive number of milliseconds, got ${limit}`));
    args.timeLimitMs = ms;
  }
  if (!args.target && process.env.QKV_TARGET) args.target = process.env.QKV_TARGET;
  return args;
}

async function main(): Promise<number> {
  const args = parseGradeArgs(process.argv.slice(2));
  const root = repoRoot();
  if (args.verify) {
    const report = await verifyGraders({ root, timeLimitMs: args.timeLimitMs });
    console.log(formatVerify(report));
    return report.ok ? 0 : 1;
  }
  const report = await grade({ root, selection: args.selection, target: args.target, timeLimitMs: args.timeLimitMs });
  console.log(formatReport(report));
  const jsonPath = resolve(root, args.json);
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + "\n");
  console.log(`\nReport for instructors: ${args.json}`);
  return 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopGrading();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof GradeToolError ? error.message : error);
    process.exit(1);
  },
);
