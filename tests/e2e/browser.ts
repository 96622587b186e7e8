// Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core (its own browser
// download does not work offline), headless, with a fresh profile per run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * A browser context with a fresh profile. Playwright takes the profile folder as launchPersistentContext's
 * first argument (it refuses a --user-data-dir flag); the folder is deleted on close.
 */
export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "qkv-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
  });
  // A lesson page parses plotly.js (3.5 MB) and draws its figures; on a busy 2-core machine that has
  // taken 30 s. Generous limits keep a slow machine from failing a correct page.
  context.setDefaultNavigationTimeout(180_000);
  context.setDefaultTimeout(120_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
