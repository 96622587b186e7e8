// The course site in a real browser: build it from lessons/, serve it on a free localhost port, and
// check in Chromium that every lesson page draws its figures without script errors or network
// requests, and that the slide mode moves with the arrow keys. Screenshots go to test-output/e2e/.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, serveSite, type SiteBuild, type SiteServer } from "../../src/course/site.js";
import { CHROMIUM, openBrowser } from "./browser.js";

const OUT = "test-output/e2e";
const SITE = join(OUT, "site");

let build: SiteBuild;
let server: SiteServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
/** Requests that left localhost (there must be none). */
const external: string[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let t = performance.now();
  // QKV_E2E_LESSONS=00,04 limits the build to some lessons (for a quick local run); CI builds them all.
  const only = process.env["QKV_E2E_LESSONS"]?.split(",").filter(Boolean);
  build = await buildSite({ outDir: SITE, showProgress: false, reuse: false, ...(only ? { only } : {}) });
  timings["build site"] = performance.now() - t;
  server = await serveSite(SITE, 0);
  t = performance.now();
  browser = await openBrowser();
  timings["start chromium"] = performance.now() - t;
  await browser.context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    external.push(url);
    return route.abort();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  console.log("e2e timings (ms):", Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])));
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(server.url + path);
  return { page, errors };
}

/** Waits until every figure on the page (or in `scope`) has plotly's SVG. */
async function figuresDrawn(page: Page, scope = "body"): Promise<number> {
  const figures = page.locator(`${scope} [data-figure]`);
  const n = await figures.count();
  for (let i = 0; i < n; i++) await figures.nth(i).locator(".main-svg").first().waitFor({ state: "attached", timeout: 15_000 });
  return n;
}

describe("the course site in Chromium", () => {
  it("built every lesson without a failing cell", () => {
    expect(build.lessons.length, "no lessons in lessons/").toBeGreaterThan(0);
    expect(build.lessons.filter((l) => !l.ok).map((l) => l.problem)).toEqual([]);
  });

  it("serves an index that links every lesson page", async () => {
    const { page, errors } = await open("");
    const links = await page.locator(".lesson-list h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(build.lessons.map((l) => l.page));
    await page.screenshot({ path: join(OUT, "index.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws every figure of every lesson page, with no script errors and nothing fetched from the network", async () => {
    let figures = 0;
    for (const lesson of build.lessons) {
      const t = performance.now();
      const { page, errors } = await open(lesson.page!);
      const n = await figuresDrawn(page);
      expect(n, `${lesson.page} has no figure (each lesson shows at least one)`).toBeGreaterThan(0);
      // KaTeX's HTML and the highlighter's spans were made at build time.
      expect(await page.locator(".hljs-keyword").count(), `${lesson.page}: no highlighted code`).toBeGreaterThan(0);
      expect(errors, lesson.page).toEqual([]);
      figures += n;
      timings[`open + draw ${lesson.page}`] = performance.now() - t;
      if (lesson === build.lessons[0]) await page.screenshot({ path: join(OUT, "lesson-page.png"), fullPage: true });
      await page.close();
    }
    expect(figures).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it("moves through slides with the arrow keys", async () => {
    const lesson = build.lessons[0]!;
    const { page, errors } = await open(lesson.page!);
    const slides = await page.locator("section.slide").count();
    expect(slides).toBeGreaterThanOrEqual(2);
    const visible = () => page.locator("section.slide:visible").evaluateAll((s) => s.map((e) => e.id));

    expect((await visible()).length).toBe(slides); // reading mode: everything
    await page.keyboard.press("s");
    await expect.poll(visible).toEqual(["slide-1"]);
    expect(await page.locator(".slide-counter").textContent()).toBe(`1 / ${slides}`);

    await page.keyboard.press("ArrowRight");
    await expect.poll(visible).toEqual(["slide-2"]);
    expect(new URL(page.url()).hash).toBe("#slide-2");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(visible).toEqual(["slide-1"]);
    await page.keyboard.press("ArrowLeft"); // stays on the first slide
    await expect.poll(visible).toEqual(["slide-1"]);

    // Walk to the first slide with a figure and check it is drawn at slide size.
    const withFigure = await page.locator("section.slide").evaluateAll((s) => s.findIndex((e) => e.querySelector("[data-figure]")));
    expect(withFigure).toBeGreaterThan(0);
    for (let i = 0; i < withFigure; i++) await page.keyboard.press("ArrowRight");
    await expect.poll(visible).toEqual([`slide-${withFigure + 1}`]);
    await figuresDrawn(page, `#slide-${withFigure + 1}`);
    // The figure was first drawn at reading width (about 790 px); on its slide (outputs beside the code
    // on a wide screen) it is redrawn to fit its new box.
    const widths = () =>
      page.locator(`#slide-${withFigure + 1} [data-figure]`).first().evaluate((el) => [el.getBoundingClientRect().width, el.querySelector(".main-svg")!.getBoundingClientRect().width]);
    await expect.poll(async () => { const [box, svg] = await widths(); return Math.abs(box! - svg!); }).toBeLessThan(2);
    expect((await widths())[0]).toBeGreaterThan(400);
    await page.screenshot({ path: join(OUT, "lesson-slide.png") });

    await page.keyboard.press("End");
    await expect.poll(visible).toEqual([`slide-${slides}`]);
    await page.keyboard.press("Escape");
    await expect.poll(async () => (await visible()).length).toBe(slides);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens in slide mode at the slide named in the address", async () => {
    const { page, errors } = await open(`${build.lessons[0]!.page}#slide-2`);
    await expect.poll(() => page.locator("section.slide:visible").evaluateAll((s) => s.map((e) => e.id))).toEqual(["slide-2"]);
    expect(await page.locator(".slide-toggle").getAttribute("aria-pressed")).toBe("true");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("works from file:// too (no server)", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("file://" + join(process.cwd(), SITE, build.lessons[0]!.page!));
    expect(await figuresDrawn(page)).toBeGreaterThan(0);
    expect(readFileSync(join(SITE, build.lessons[0]!.page!), "utf8")).toContain("assets/plotly.min.js");
    expect(errors).toEqual([]);
    await page.close();
  });
});
