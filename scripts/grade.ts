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

const usage = `usage: npm run grade -- [LESSON | EXERCISE ...] [options]
  LESSON     a lesson number, e.g. 04 (all its exercises); none = every lesson
  EXERCISE   an exercise id, e.g. 04.2
  --solutions        grade solutions/ instead of exercises/
  --target PATH      grade another file or folder (a mutant, a copy of exercises/)
  --json FILE        where to write the report (default: grades.json)
  --time-limit MS    per-test time limit (default ${DEFAULT_TIME_LIMIT_MS})
  --verify           check the graders themselves (npm run grade:verify)`;

interface Args {
  selection: string[];
  target?: string;
  json: string;
  timeLimitMs?: number;
  verify: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { selection: [], json: "grades.json", verify: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--solutions") args.target = "solutions";
    else if (a === "--target") args.target = value(i++, a);
    else if (a === "--json") args.json = value(i++, a);
    else if (a === "--time-limit") {
      const ms = Number(value(i++, a));
      if (!(ms > 0)) throw new UsageError(`--time-limit must be a positive number of milliseconds, got ${argv[i]}`);
      args.timeLimitMs = ms;
    } else if (a === "--verify") args.verify = true;
    else if (a === "--help" || a === "-h") {
      console.log(usage);
      process.exit(0);
    } else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else args.selection.push(a);
  }
  if (!args.target && process.env.QKV_TARGET) args.target = process.env.QKV_TARGET;
  return args;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
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
    if (error instanceof UsageError) {
      console.error(`grade: ${error.message}\n${usage}`);
      process.exit(2);
    }
    console.error(error instanceof GradeToolError ? error.message : error);
    process.exit(1);
  },
);
