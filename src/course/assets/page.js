// qkv lecture page: draws the Plotly figures and runs the slide mode. Plain ES5-style script, no
// modules, so it works from file:// as well as from the local server.
(function () {
  "use strict";
  var figures = JSON.parse(document.getElementById("qkv-figures").textContent || "{}");
  var slides = Array.prototype.slice.call(document.querySelectorAll("section.slide"));
  var toggle = document.querySelector(".slide-toggle");
  var counter = document.querySelector(".slide-counter");
  var current = 0;

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
      window.Plotly.newPlot(el, spec.data, layout, { responsive: true, displaylogo: false });
      el.setAttribute("data-drawn", "1");
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

  function go(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    for (var i = 0; i < slides.length; i++) slides[i].classList.toggle("current", i === current);
    counter.textContent = current + 1 + " / " + slides.length;
    document.body.setAttribute("data-current-slide", String(current + 1));
    setHash("#slide-" + (current + 1));
    window.scrollTo(0, 0);
    draw(slides[current]);
  }

  /** The slide at the top of the window, so switching modes keeps the reader's place. */
  function slideInView() {
    for (var i = 0; i < slides.length; i++) {
      if (slides[i].getBoundingClientRect().bottom > 80) return i;
    }
    return 0;
  }

  function setSlideMode(on, index) {
    var target = on ? (index === undefined ? slideInView() : index) : current;
    document.body.classList.toggle("slides", on);
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      go(target);
    } else {
      counter.textContent = "";
      document.body.removeAttribute("data-current-slide");
      setHash("");
      draw(document);
      slides[target].scrollIntoView();
    }
  }

  toggle.addEventListener("click", function () {
    setSlideMode(!inSlideMode());
    toggle.blur();
  });
  document.querySelector(".slide-prev").addEventListener("click", function () { go(current - 1); });
  document.querySelector(".slide-next").addEventListener("click", function () { go(current + 1); });

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
      case "ArrowRight":
      case "PageDown":
      case " ":
        go(current + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        go(current - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(slides.length - 1);
        break;
      case "Escape":
        setSlideMode(false);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  var match = /^#slide-(\d+)$/.exec(location.hash);
  if (match) setSlideMode(true, Number(match[1]) - 1);
  else draw(document);
})();
