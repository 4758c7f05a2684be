// Draws every chart on the page: each <div data-vega-spec-url="..."> gets the Vega-Lite spec
// fetched from its URL and rendered as SVG by vega-embed (served by the app, never a CDN).
// Loaded as a module after the Vega bundle, so `window.vegaEmbed` is defined.

const OPTIONS = { actions: false, renderer: "svg" };

async function draw(element) {
  const url = element.dataset.vegaSpecUrl;
  try {
    const response = await fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    const spec = await response.json();
    element.textContent = "";
    await window.vegaEmbed(element, spec, OPTIONS);
    const svg = element.querySelector("svg");
    if (svg && spec.description) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", spec.description);
    }
    element.dataset.vegaState = "rendered";
  } catch (error) {
    element.dataset.vegaState = "error";
    element.textContent = element.dataset.vegaError || "The chart could not be drawn.";
    console.error("Chart failed:", error);
  }
}

function drawAll() {
  const elements = document.querySelectorAll("[data-vega-spec-url]");
  return Promise.all(Array.from(elements, draw));
}

if (typeof window.vegaEmbed !== "function") {
  console.error("vegaEmbed is missing: the Vega bundle did not load.");
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawAll);
} else {
  drawAll();
}
