// The one harness of the tests/<area>/bad-inputs.test.ts files: each lists bad calls a student might make
// in a notebook and pins the message; every call must throw a QkvError whose message matches.
import { describe, expect, it } from "vitest";
import { QkvError } from "../src/index.js";

/** [what the call is, the call, the message it must give] */
export type BadInputCase = [string, () => unknown, RegExp];

export function describeBadInputs(area: string, cases: readonly BadInputCase[]): void {
  describe(`${area}: bad inputs give a QkvError naming the function, the argument, the value and the rule`, () => {
    for (const [what, run, message] of cases) {
      it(what, () => {
        let thrown: unknown = null;
        try {
          run();
        } catch (e) {
          thrown = e;
        }
        expect(thrown, "expected an error").toBeInstanceOf(QkvError);
        expect((thrown as Error).message).toMatch(message);
      });
    }
  });
}
