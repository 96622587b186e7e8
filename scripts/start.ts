// npm start: runs every lesson, writes the lecture pages and an index into site/, and serves them on
// localhost (port from PORT, else 8000, else any free port). Offline.
//   npm start                     build and serve
//   npm start -- --build-only     build, print a summary, exit (non-zero when a lesson failed)
//   npm start -- 04 05            only these lessons
//   npm start -- --rebuild        run every lesson again, even those whose page is up to date
import { parseCommandLine } from "../src/course/cli.js";

const args = parseCommandLine(
  {
    command: "npm start",
    words: { usage: "[NN ...]", help: "only these lessons (default: all)" },
    flags: [
      { name: "--build-only", help: "build the pages, print a summary and exit (non-zero when a lesson failed)" },
      { name: "--rebuild", help: "run every lesson again, even those whose page is up to date" },
    ],
  },
  process.argv.slice(2),
);
const buildOnly = args.flag("--build-only");
// Loaded once the command line is known to be good: a typo fails at once, before the library loads.
const { listLessonFiles, selectLessonFiles } = await import("../src/course/lesson.js");
const { buildSite, serveSite } = await import("../src/course/site.js");
const only = args.words;

if (only.length > 0) {
  try {
    selectLessonFiles(listLessonFiles("lessons"), only);
  } catch (error) {
    console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
const build = await buildSite({ ...(only.length > 0 ? { only } : {}), reuse: !args.flag("--rebuild") });
for (const l of build.lessons) {
  const name = l.meta ? `${l.meta.number} ${l.meta.title}` : l.file;
  const time = l.cached ? "up to date" : `${(l.ms / 1000).toFixed(1).padStart(6)} s`;
  console.log(`  ${l.ok ? "ok  " : "FAIL"}  ${name.padEnd(48)} ${time}${l.problem ? `\n        ${l.problem}` : ""}`);
}
const failed = build.lessons.filter((l) => !l.ok).length;
const kept = build.lessons.filter((l) => l.cached).length;
const built = build.lessons.length - kept;
console.log(
  `built ${built} lesson page${built === 1 ? "" : "s"} into ${build.outDir}/ in ${(build.ms / 1000).toFixed(1)} s` +
    (kept ? `, kept ${kept} up to date (npm start -- --rebuild runs every lesson again)` : "") +
    (failed ? `; ${failed} failed` : ""),
);
if (build.lessons.length === 0) console.log("no lessons found in lessons/");

if (buildOnly) {
  process.exit(failed > 0 ? 1 : 0);
}
const server = await serveSite(build.outDir);
console.log(`\nqkv course: ${server.url}   (Ctrl-C to stop)`);
process.on("SIGINT", () => {
  void server.close().then(() => process.exit(0));
});
