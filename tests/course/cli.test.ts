// The command-line parser every script uses: unknown flags are errors that list the valid ones.
import { describe, expect, test } from "vitest";
import { parseArgs, usageText, UsageError, type CommandSpec } from "../../src/course/cli.js";

const START: CommandSpec = {
  command: "npm start",
  words: { usage: "[NN ...]", help: "only these lessons" },
  flags: [
    { name: "--build-only", help: "build, do not serve" },
    { name: "--rebuild", help: "run every lesson again" },
    { name: "--port", value: "N", help: "port" },
  ],
};

describe("parseArgs", () => {
  test("flags, values (spaced or with =) and words", () => {
    const a = parseArgs(START, ["04", "--build-only", "--port", "9000", "05"]);
    expect([a.words, a.flag("--build-only"), a.flag("--rebuild"), a.value("--port")]).toEqual([["04", "05"], true, false, "9000"]);
    expect(parseArgs(START, ["--port=8080"]).value("--port")).toBe("8080");
    expect(parseArgs(START, ["-h"]).help).toBe(true);
  });

  test("an unknown flag is an error naming it and listing every valid flag", () => {
    expect(() => parseArgs(START, ["--bogus"])).toThrow(UsageError);
    expect(() => parseArgs(START, ["--bogus"])).toThrow("npm start: unknown option --bogus; valid options: --build-only, --rebuild, --port, --help");
  });

  test("a near miss (underscore, missing dash) suggests the flag meant", () => {
    expect(() => parseArgs(START, ["--build_only"])).toThrow(/unknown option --build_only \(did you mean --build-only\?\)/);
    expect(() => parseArgs(START, ["-rebuild"])).toThrow(/did you mean --rebuild\?/);
  });

  test("a flag missing its value, a value given to a plain flag, a word where none is allowed", () => {
    expect(() => parseArgs(START, ["--port"])).toThrow(/--port needs a value \(--port N\)/);
    expect(() => parseArgs(START, ["--port", "--rebuild"])).toThrow(/--port needs a value/);
    expect(() => parseArgs(START, ["--rebuild=yes"])).toThrow(/--rebuild takes no value/);
    expect(() => parseArgs({ ...START, words: null }, ["04"])).toThrow(/unexpected argument "04"/);
  });

  test("usage lists the words and every flag with its help", () => {
    const text = usageText(START);
    expect(text.split("\n")[0]).toBe("usage: npm start -- [NN ...] [options]");
    for (const f of ["--build-only", "--rebuild", "--port N", "--help", "[NN ...]"]) expect(text).toContain(f);
  });
});
