// Every script in scripts/ refuses an unknown flag (exit 2, the valid flags listed) before it does any
// work: `npm start -- --bogus` must not build and serve the course. The list of scripts is read from
// the folder, so a new script is covered too.
import { describe, expect, test } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const scripts = readdirSync(join(root, "scripts")).filter((f) => f.endsWith(".ts")).sort();

function run(script: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join("scripts", script), ...args], {
      cwd: root,
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

// One at a time: a dozen Node start-ups at once on a small machine would only make each slower.
describe("unknown flags", () => {
  test("the scripts folder has the scripts package.json runs", () => {
    expect(scripts).toEqual(expect.arrayContaining(["start.ts", "grade.ts", "notebooks.ts", "lecture.ts", "exercises-reset.ts"]));
  });

  for (const script of scripts) {
    test(`scripts/${script} --bogus exits 2 listing the valid flags, having done nothing`, async () => {
      const r = await run(script, "--bogus");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown option --bogus; valid options: (--[a-z-]+, )*--help/);
      expect(r.stderr).toMatch(/^usage: /m);
      expect(r.stdout).toBe("");
    }, 240_000);
  }

  test("npm start -- --build_only is an error suggesting --build-only, not a full build and server", async () => {
    const r = await run("start.ts", "--build_only");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("npm start: unknown option --build_only (did you mean --build-only?)");
    expect(r.stdout).toBe("");
  }, 240_000);

  test("--help prints the usage and exits 0", async () => {
    const r = await run("grade.ts", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run grade -- \[LESSON \| EXERCISE \.\.\.\] \[options\]/);
    expect(r.stdout).toContain("--time-limit MS");
  }, 240_000);
});
