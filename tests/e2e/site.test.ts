// The course site in a real browser: build it from lessons/, serve it on a free localhost port, and
// check in Chromium that every lesson page draws its figures without script errors or network
// requests, and that the slide mode moves with the arrow keys. Screenshots go to test-output/e2e/.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLessonFiles } from "../../src/course/lesson.js";
import { buildSite, serveSite, type SiteBuild, type SiteServer } from "../../src/course/site.js";
import { CHROMIUM, openBrowser } from "./browser.js";

const OUT = "test-output/e2e";
const SITE = join(OUT, "site");

let build: SiteBuild;
let server: SiteServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
/** Requests that left localhost (there must be none). */
const external: string[] = [];
/** Requests the server answered with an error (a missing favicon, say): there must be none. */
const failedRequests: string[] = [];
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
  page.on("response", (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.url()}`);
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
    expect(await page.locator(".slide-counter").textContent()).toMatch(new RegExp(`^1 / ${slides}( \\(1/\\d+\\))?$`));

    // → moves one page: the next slide, or the next part of a slide too tall for the window.
    const currentSlide = () => page.evaluate(() => Number(document.body.getAttribute("data-current-slide")));
    const currentPage = () => page.evaluate(() => Number(document.body.getAttribute("data-current-page")));
    await page.keyboard.press("ArrowRight");
    await expect.poll(currentPage).toBe(2);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(currentPage).toBe(1);
    await page.keyboard.press("ArrowLeft"); // stays on the first page
    await expect.poll(currentPage).toBe(1);
    await expect.poll(visible).toEqual(["slide-1"]);

    // Walk to the first slide with a figure and check it is drawn at slide size.
    const withFigure = await page.locator("section.slide").evaluateAll((s) => s.findIndex((e) => e.querySelector("[data-figure]")));
    expect(withFigure).toBeGreaterThan(0);
    while ((await currentSlide()) < withFigure + 1) await page.keyboard.press("ArrowRight");
    await expect.poll(visible).toEqual([`slide-${withFigure + 1}`]);
    expect(new URL(page.url()).hash).toBe(`#slide-${withFigure + 1}`);
    while ((await page.locator(`#slide-${withFigure + 1} [data-figure]:visible`).count()) === 0) await page.keyboard.press("ArrowRight");
    await figuresDrawn(page, `#slide-${withFigure + 1}`);
    // The figure was first drawn at reading width (about 790 px); on its slide (outputs beside the code
    // on a wide screen) it is redrawn to fit its new box.
    const widths = () =>
      page.locator(`#slide-${withFigure + 1} [data-figure]:visible`).first().evaluate((el) => [el.getBoundingClientRect().width, el.querySelector(".main-svg")!.getBoundingClientRect().width]);
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

describe("navigation, layout and slides in Chromium (1280 px and 390 px wide)", () => {
  const pages = () => build.lessons.filter((l) => l.ok && l.page).map((l) => l.page!);

  it("each lesson page links the previous and next lesson and lists its contents; the links work", async () => {
    // The course's order: every lesson in lessons/ (a local run may build only some of them).
    const order = listLessonFiles("lessons").map((f) => `${basename(f, ".md")}.html`);
    expect(pages().length).toBeGreaterThan(0);
    for (const path of pages()) {
      const i = order.indexOf(path);
      const { page, errors } = await open(path);
      const link = (rel: string) => page.locator(`main > .lesson-nav:first-child a[rel=${rel}]`);
      const prev = (await link("prev").count()) > 0 ? await link("prev").getAttribute("href") : null;
      const next = (await link("next").count()) > 0 ? await link("next").getAttribute("href") : null;
      expect([prev, next], path).toEqual([i > 0 ? order[i - 1] : null, i < order.length - 1 ? order[i + 1] : null]);
      expect(await page.locator("main > .lesson-nav").count(), `${path}: links at the top and at the bottom`).toBe(2);
      // The contents: one link per later slide that opens with a heading, each to that slide.
      const toc = await page.locator("nav.toc a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.textContent]));
      const headed = await page.locator("section.slide").evaluateAll((ss) =>
        ss.slice(1).filter((s) => s.querySelector("h2")).map((s) => [`#${s.id}`, s.querySelector("h2")!.textContent]));
      expect(toc, path).toEqual(headed);
      expect(errors, path).toEqual([]);
      await page.close();
    }
    // Following the links: "next" from a page whose next lesson was built (all are, in CI), then a contents entry.
    const built = pages();
    const from = built.find((p) => built.includes(order[order.indexOf(p) + 1] ?? "")) ?? built[0]!;
    const { page } = await open(from);
    if (from !== built[0] || built.includes(order[order.indexOf(from) + 1] ?? "")) {
      await page.locator("main > .lesson-nav:first-child a[rel=next]").click();
      await page.waitForURL(`**/${order[order.indexOf(from) + 1]}`);
    }
    const entry = page.locator("nav.toc a").nth(1);
    const target = (await entry.getAttribute("href"))!;
    await entry.click();
    // The heading lands below the sticky top bar, fully visible.
    const [barBottom, headingTop] = await page.evaluate((id) => [
      document.querySelector(".topbar")!.getBoundingClientRect().bottom,
      document.querySelector(`${id} h2`)!.getBoundingClientRect().top,
    ], target);
    expect(headingTop).toBeGreaterThanOrEqual(barBottom);
    expect(headingTop).toBeLessThan(barBottom + 120);
    expect(await page.evaluate(() => document.body.classList.contains("slides"))).toBe(false);
    await page.screenshot({ path: join(OUT, "contents-link.png") });
    await page.close();
  });

  it("the index lists every lesson with its objectives", async () => {
    const { page } = await open("");
    const objectives = await page.locator(".lesson-list > li.lesson").evaluateAll((lis) => lis.map((li) => li.querySelectorAll(".objectives li").length));
    expect(objectives.length).toBe(pages().length);
    for (const n of objectives) expect(n).toBeGreaterThan(0);
    await page.close();
  });

  it("no code block needs horizontal scrolling at 1280 px, reading or in slide mode", async () => {
    const overflowing = (page: Page) =>
      page.locator("pre.code, pre.hljs, pre.output").evaluateAll((pres) =>
        pres.filter((p) => p.getClientRects().length > 0 && p.scrollWidth > p.clientWidth + 1).map((p) => `${p.closest("[data-line]")?.getAttribute("data-line") ?? "?"}: ${p.scrollWidth} > ${p.clientWidth}`));
    for (const path of pages()) {
      const { page } = await open(path);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await overflowing(page), `${path} (reading)`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      await page.keyboard.press("s");
      await page.locator("body.slides").waitFor();
      const total = await page.evaluate(() => document.querySelectorAll("section.slide").length);
      // every page of the slide show, each checked while it is on screen
      for (let guard = 0; guard < 500; guard++) {
        expect(await overflowing(page), `${path} slide page ${guard + 1}`).toEqual([]);
        const before = await page.evaluate(() => document.body.getAttribute("data-current-page"));
        await page.keyboard.press("ArrowRight");
        if ((await page.evaluate(() => document.body.getAttribute("data-current-page"))) === before) break;
      }
      expect(await page.evaluate(() => Number(document.body.getAttribute("data-current-slide")))).toBe(total);
      await page.close();
    }
  });

  it("slide mode splits a section taller than the window into parts that fit; Space scrolls a part that cannot", async () => {
    // The lesson with the most content has sections taller than a 1280 × 720 screen.
    const path = [...build.lessons].filter((l) => l.ok && l.page).sort((a, b) => statSize(b.page!) - statSize(a.page!))[0]!.page!;
    const { page, errors } = await open(path);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press("s");
    await page.locator("body.slides").waitFor();
    const state = () => page.evaluate(() => ({
      slide: Number(document.body.getAttribute("data-current-slide")),
      page: Number(document.body.getAttribute("data-current-page")),
      visibleBlocks: Array.from(document.querySelectorAll("section.slide.current > *")).filter((e) => e.getClientRects().length > 0).length,
      fits: document.documentElement.scrollHeight <= window.innerHeight + 2,
      counter: document.querySelector(".slide-counter")!.textContent,
    }));
    const seen: Awaited<ReturnType<typeof state>>[] = [];
    for (let guard = 0; guard < 500; guard++) {
      const now = await state();
      seen.push(now);
      // A part fits the window, unless it is one block that is taller on its own.
      expect(now.fits || now.visibleBlocks === 1, JSON.stringify(now)).toBe(true);
      await page.keyboard.press("ArrowRight");
      if ((await state()).page === now.page) break;
    }
    const slides = await page.locator("section.slide").count();
    const split = seen.filter((s) => /\(\d+\/\d+\)$/.test(s.counter ?? ""));
    expect(split.length, "no section was split: the test lesson has no section taller than 720 px").toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(slides);
    expect(new Set(seen.map((s) => s.slide)).size).toBe(slides);
    // Show a split part in the screenshot.
    await page.keyboard.press("Home");
    while ((await state()).page !== split[0]!.page) await page.keyboard.press("ArrowRight");
    await page.screenshot({ path: join(OUT, "slide-part.png") });

    // At 1280 × 400 some part is a single block taller than the window: Space scrolls it before moving on.
    await page.setViewportSize({ width: 1280, height: 400 });
    await page.keyboard.press("Home");
    await page.waitForTimeout(300); // the resize re-splits after 150 ms
    let tall = false;
    for (let guard = 0; guard < 500 && !tall; guard++) {
      const now = await state();
      if (!now.fits) {
        tall = true;
        await page.keyboard.press(" ");
        await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
        expect((await state()).page).toBe(now.page);
        break;
      }
      await page.keyboard.press("ArrowRight");
      if ((await state()).page === now.page) break;
    }
    expect(tall, "no part taller than 400 px found").toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("#slide-N opens that slide with its heading below the top bar, not under it", async () => {
    const path = pages()[0]!;
    const { page, errors } = await open(`${path}#slide-3`);
    await page.waitForLoadState("load");
    await page.waitForTimeout(200);
    const [barBottom, top, slide] = await page.evaluate(() => {
      const first = document.querySelector("#slide-3 > :not(.off-page)")!;
      return [document.querySelector(".topbar")!.getBoundingClientRect().bottom, first.getBoundingClientRect().top, document.body.getAttribute("data-current-slide")];
    });
    expect(slide).toBe("3");
    expect(top).toBeGreaterThanOrEqual(barBottom);
    await page.screenshot({ path: join(OUT, "slide-anchor.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("at 390 px wide the heatmap cell labels do not overlap", async () => {
    let checked = 0;
    for (const path of pages()) {
      const { page } = await open(path);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      const heatmaps = page.locator(".plotly-figure:has(.hm)");
      if ((await heatmaps.count()) === 0) {
        await page.close();
        continue;
      }
      await figuresDrawn(page);
      const overlaps = await heatmaps.evaluateAll((figs) =>
        figs.flatMap((fig, f) => {
          const boxes = Array.from(fig.querySelectorAll(".heatmaplayer text, .hm text"))
            .map((t) => t.getBoundingClientRect())
            .filter((r) => r.width > 0);
          const bad: string[] = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!, b = boxes[j]!;
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) bad.push(`figure ${f}: labels ${i} and ${j}`);
            }
          }
          return bad;
        }));
      expect(overlaps, path).toEqual([]);
      checked += await heatmaps.count();
      if (checked > 0 && !existsSync(join(OUT, "heatmap-390.png"))) {
        await heatmaps.first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(OUT, "heatmap-390.png") });
      }
      await page.close();
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("asked the server for nothing it does not have (no favicon 404)", () => {
    expect(failedRequests).toEqual([]);
  });
});

function statSize(page: string): number {
  return readFileSync(join(SITE, page)).length;
}

