// The command line of every script in scripts/: each declares its flags once, and anything else
// starting with "-" is an error that lists the valid flags (a typo like --build_only must never be
// ignored and run the full build instead).
//
//   const args = parseCommandLine(START_CLI, process.argv.slice(2));   // exits 2 on a bad command line
//   args.flag("--build-only")   args.value("--port")   args.words

export interface FlagSpec {
  /** "--build-only" */
  name: string;
  /** For a flag that takes a value: its placeholder in the usage ("FILE", "MS"). */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** How the user runs it: "npm start", "npm run grade". */
  command: string;
  /** What the plain words mean, for the usage line ("[LESSON ...]"), or null when none are allowed. */
  words: { usage: string; help: string } | null;
  flags: FlagSpec[];
}

/** A command line that does not fit the spec. */
export class UsageError extends Error {
  constructor(readonly spec: CommandSpec, message: string) {
    super(`${spec.command}: ${message}`);
    this.name = "UsageError";
  }
}

export interface ParsedCommandLine {
  words: string[];
  /** True when the flag was given. */
  flag(name: string): boolean;
  /** The last value given for the flag, or undefined. */
  value(name: string): string | undefined;
}

const HELP: FlagSpec = { name: "--help", help: "show this help" };

/** The help text: usage line, then one line per word kind and flag. */
export function usageText(spec: CommandSpec): string {
  const flags = [...spec.flags, HELP];
  const width = Math.max(...flags.map((f) => f.name.length + (f.value ? f.value.length + 1 : 0)), spec.words ? spec.words.usage.length : 0);
  const lines = [`usage: ${spec.command}${spec.words ? ` -- ${spec.words.usage}` : ""}${spec.flags.length ? " [options]" : ""}`];
  if (spec.words) lines.push(`  ${spec.words.usage.padEnd(width)}  ${spec.words.help}`);
  for (const f of flags) lines.push(`  ${(f.value ? `${f.name} ${f.value}` : f.name).padEnd(width)}  ${f.help}`);
  return lines.join("\n");
}

/** "--build_only" and "--buildonly" are near misses of "--build-only". */
function nearMiss(given: string, flags: FlagSpec[]): FlagSpec | undefined {
  const plain = (s: string) => s.replace(/^-+/, "").replace(/[-_]/g, "").toLowerCase();
  return flags.find((f) => plain(f.name) === plain(given));
}

/** Parses argv against the spec; throws UsageError for an unknown flag, a missing value or a stray word. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine & { help: boolean } {
  const words: string[] = [];
  const given = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (arg.startsWith("-") && !/^-\d/.test(arg)) {
      const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
      const flag = spec.flags.find((f) => f.name === name);
      if (!flag) {
        const near = nearMiss(name, spec.flags);
        const valid = [...spec.flags, HELP].map((f) => f.name).join(", ");
        throw new UsageError(spec, `unknown option ${arg}${near ? ` (did you mean ${near.name}?)` : ""}; valid options: ${valid}`);
      }
      if (flag.value) {
        const value = inline ?? argv[i + 1];
        if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(spec, `${name} needs a value (${name} ${flag.value})`);
        if (inline === undefined) i++;
        given.set(name, value);
      } else {
        if (inline !== undefined) throw new UsageError(spec, `${name} takes no value (got ${arg})`);
        given.set(name, true);
      }
      continue;
    }
    if (!spec.words) throw new UsageError(spec, `unexpected argument "${arg}" (this command takes only options)`);
    words.push(arg);
  }
  return {
    words,
    help,
    flag: (name) => given.has(name),
    value: (name) => {
      const v = given.get(name);
      return typeof v === "string" ? v : undefined;
    },
  };
}

/**
 * parseArgs for a script's main: prints the usage and exits 0 for --help, prints the error and the
 * usage to stderr and exits 2 for a bad command line.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  try {
    const parsed = parseArgs(spec, argv);
    if (parsed.help) {
      console.log(usageText(spec));
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) exitWithUsage(error);
    throw error;
  }
}

/** Reports a usage error the same way for every script: the message, the usage, exit status 2. */
export function exitWithUsage(error: UsageError): never {
  console.error(`${error.message}\n${usageText(error.spec)}`);
  process.exit(2);
}
