// qkv lecture page: draws the Plotly figures and runs the slide mode. Plain ES5-style script, no
// modules, so it works from file:// as well as from the local server.
//
// Slide mode shows one <section class="slide"> at a time. A section taller than the window is split
// into parts that each fit (measured in slide mode's own type sizes, again after a resize): → and
// Space move part by part; a single block taller than the window (a big figure) scrolls first.
(function () {
  "use strict";
  var figures = JSON.parse(document.getElementById("qkv-figures").textContent || "{}");
  var slides = Array.prototype.slice.call(document.querySelectorAll("section.slide"));
  var toggle = document.querySelector(".slide-toggle");
  var counter = document.querySelector(".slide-counter");
  var topbar = document.querySelector(".topbar");
  /** The pages of slide mode: { slide: section index, from, to: its children [from, to) }. */
  var pages = [];
  var current = 0;

  /** Cell values in a heatmap need about this many pixels per row at font size 11, else they overlap. */
  var HEATMAP_LABEL_ROW_PX = 15;

  /** Heatmap value labels sized to the cells: smaller when the columns are narrow, none when tiny. */
  function fitHeatmapLabels(el, data, layout) {
    var width = el.clientWidth || 600;
    var margin = layout.margin || {};
    var plotWidth = width - (margin.l || 80) - (margin.r || 20);
    var height = (typeof layout.height === "number" ? layout.height : el.clientHeight) || 450;
    var plotHeight = height - (margin.t || 100) - (margin.b || 80);
    for (var i = 0; i < data.length; i++) {
      var trace = data[i];
      if (trace.type !== "heatmap" || !trace.texttemplate || !trace.z || !trace.z[0]) continue;
      if (!trace._qkvTemplate) trace._qkvTemplate = trace.texttemplate;
      var perColumn = plotWidth / trace.z[0].length;
      var perRow = plotHeight / trace.z.length;
      // A label is up to about 0.7 em per character (values are printed with 2 decimals): long values need wider cells.
      var chars = 4;
      for (var r = 0; r < trace.z.length; r++) {
        for (var c = 0; c < trace.z[r].length; c++) {
          var v = trace.z[r][c];
          if (typeof v === "number" && isFinite(v)) chars = Math.max(chars, v.toFixed(2).length);
        }
      }
      var byWidth = (perColumn - 6) / (0.7 * chars);
      var size = Math.floor(Math.min(11, byWidth, 11 * perRow / HEATMAP_LABEL_ROW_PX));
      trace.texttemplate = size >= 7 ? trace._qkvTemplate : "";
      trace.textfont = Object.assign({}, trace.textfont, { size: Math.max(size, 7) });
    }
    return data;
  }

  function draw(root) {
    var els = root.querySelectorAll("[data-figure]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!window.Plotly) {
        el.textContent = "plotly.js did not load (assets/plotly.min.js is missing); the figure is available as text below.";
        continue;
      }
      if (el.getAttribute("data-drawn")) {
        window.Plotly.Plots.resize(el);
        continue;
      }
      var spec = figures[el.getAttribute("data-figure")];
      if (!spec) continue;
      var layout = Object.assign({}, spec.layout, { autosize: true });
      // A figure that asks for a height (heatmaps grow with their rows) gets it; others fill the CSS box.
      if (typeof layout.height === "number") el.style.height = layout.height + "px";
      var data = fitHeatmapLabels(el, JSON.parse(JSON.stringify(spec.data)), layout);
      window.Plotly.newPlot(el, data, layout, { responsive: true, displaylogo: false });
      el.setAttribute("data-drawn", "1");
    }
  }

  /** After a resize, refit the heatmap labels of the figures already drawn. */
  function refitFigures() {
    if (!window.Plotly) return;
    var els = document.querySelectorAll("[data-figure][data-drawn]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.data || !el.layout) continue;
      var fitted = fitHeatmapLabels(el, el.data, el.layout);
      var templates = fitted.map(function (t) { return t.texttemplate; });
      var fonts = fitted.map(function (t) { return t.textfont; });
      window.Plotly.restyle(el, { texttemplate: templates, textfont: fonts });
    }
  }

  function inSlideMode() {
    return document.body.classList.contains("slides");
  }

  function setHash(hash) {
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      /* some file:// contexts refuse replaceState; the mode still works */
    }
  }

  /** The height a slide page may take: the window below the top bar, less the page's padding. */
  function availableHeight() {
    var main = document.querySelector("main.lesson");
    var style = window.getComputedStyle(main);
    var padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return window.innerHeight - (topbar ? topbar.offsetHeight : 0) - padding;
  }

  function margin(el, side) {
    return parseFloat(window.getComputedStyle(el)[side]) || 0;
  }

  /** Splits every section into pages that fit the window (measured with all sections shown). */
  function paginate() {
    // Room for the "part k of m" line under a split section.
    var limit = availableHeight() - 3 * parseFloat(window.getComputedStyle(document.documentElement).fontSize);
    pages = [];
    document.body.classList.add("measuring");
    for (var s = 0; s < slides.length; s++) {
      var kids = slides[s].children;
      for (var k = 0; k < kids.length; k++) kids[k].classList.remove("off-page");
      var from = 0;
      for (var j = 1; j <= kids.length; j++) {
        if (j === kids.length) {
          pages.push({ slide: s, from: from, to: j });
          break;
        }
        // A part's height counts its first block's top margin and its last block's bottom margin.
        var top = kids[from].getBoundingClientRect().top - margin(kids[from], "marginTop");
        var bottom = kids[j].getBoundingClientRect().bottom + margin(kids[j], "marginBottom");
        if (bottom - top > limit) {
          // Never end a part with a heading: it moves to the part it introduces.
          var cut = j - 1 > from && /^H[1-4]$/.test(kids[j - 1].tagName) ? j - 1 : j;
          pages.push({ slide: s, from: from, to: cut });
          from = cut;
        }
      }
      if (kids.length === 0) pages.push({ slide: s, from: 0, to: 0 });
    }
    document.body.classList.remove("measuring");
  }

  function partsOf(slide) {
    return pages.filter(function (p) { return p.slide === slide; });
  }

  function go(index) {
    current = Math.max(0, Math.min(pages.length - 1, index));
    var page = pages[current];
    for (var i = 0; i < slides.length; i++) {
      slides[i].classList.toggle("current", i === page.slide);
      slides[i].removeAttribute("data-part");
    }
    var kids = slides[page.slide].children;
    for (var k = 0; k < kids.length; k++) kids[k].classList.toggle("off-page", k < page.from || k >= page.to);
    var parts = partsOf(page.slide);
    var part = parts.indexOf(page) + 1;
    if (parts.length > 1) slides[page.slide].setAttribute("data-part", "part " + part + " of " + parts.length);
    counter.textContent = page.slide + 1 + " / " + slides.length + (parts.length > 1 ? " (" + part + "/" + parts.length + ")" : "");
    document.body.setAttribute("data-current-slide", String(page.slide + 1));
    document.body.setAttribute("data-current-page", String(current + 1));
    setHash("#slide-" + (page.slide + 1));
    window.scrollTo(0, 0);
    draw(slides[page.slide]);
  }

  /** The first page of slide number `n` (1-based). */
  function pageOfSlide(n) {
    for (var i = 0; i < pages.length; i++) if (pages[i].slide === n - 1) return i;
    return 0;
  }

  /** The slide at the top of the window, so switching modes keeps the reader's place. */
  function slideInView() {
    var below = (topbar ? topbar.offsetHeight : 0) + 20;
    for (var i = 0; i < slides.length; i++) {
      if (slides[i].getBoundingClientRect().bottom > below) return i;
    }
    return 0;
  }

  function setSlideMode(on, slideIndex) {
    var target = on ? (slideIndex === undefined ? slideInView() : slideIndex) : pages.length ? pages[current].slide : 0;
    document.body.classList.toggle("slides", on);
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      paginate();
      go(pageOfSlide(target + 1));
    } else {
      for (var i = 0; i < slides.length; i++) {
        slides[i].removeAttribute("data-part");
        var kids = slides[i].children;
        for (var k = 0; k < kids.length; k++) kids[k].classList.remove("off-page");
      }
      counter.textContent = "";
      document.body.removeAttribute("data-current-slide");
      document.body.removeAttribute("data-current-page");
      setHash("");
      draw(document);
      slides[target].scrollIntoView();
    }
  }

  /** True when the window can still scroll down (a part taller than the screen). */
  function moreBelow() {
    return window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 2;
  }

  toggle.addEventListener("click", function () {
    setSlideMode(!inSlideMode());
    toggle.blur();
  });
  document.querySelector(".slide-prev").addEventListener("click", function () { go(current - 1); });
  document.querySelector(".slide-next").addEventListener("click", function () { go(current + 1); });

  // Contents links: in slide mode go to that slide; when reading, scroll to it (below the top bar).
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-slide-link]") : null;
    if (!link) return;
    var n = Number(link.getAttribute("data-slide-link"));
    event.preventDefault();
    if (inSlideMode()) go(pageOfSlide(n));
    else slides[n - 1].scrollIntoView();
  });

  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "s" || event.key === "S") {
      setSlideMode(!inSlideMode());
      event.preventDefault();
      return;
    }
    if (!inSlideMode()) return;
    switch (event.key) {
      case "PageDown":
      case " ":
        // A part taller than the screen scrolls first; the next part comes at its end.
        if (moreBelow()) return;
        go(current + 1);
        break;
      case "ArrowRight":
        go(current + 1);
        break;
      case "PageUp":
        if (window.scrollY > 0) return;
        go(current - 1);
        break;
      case "ArrowLeft":
        go(current - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(pages.length - 1);
        break;
      case "Escape":
        setSlideMode(false);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      refitFigures();
      if (!inSlideMode()) return;
      var slide = pages[current].slide;
      paginate();
      go(pageOfSlide(slide + 1));
    }, 150);
  });

  // Figures that ask for a height get it before anything is drawn, so slide parts are measured right.
  var boxes = document.querySelectorAll("[data-figure]");
  for (var b = 0; b < boxes.length; b++) {
    var spec = figures[boxes[b].getAttribute("data-figure")];
    if (spec && spec.layout && typeof spec.layout.height === "number") boxes[b].style.height = spec.layout.height + "px";
  }

  var match = /^#slide-(\d+)$/.exec(location.hash);
  if (match) {
    setSlideMode(true, Math.min(slides.length, Math.max(1, Number(match[1]))) - 1);
    // The browser scrolls to the #slide-N anchor after this script has run; a slide starts at the top.
    window.addEventListener("load", function () { if (inSlideMode()) window.scrollTo(0, 0); });
  } else {
    draw(document);
  }
})();
