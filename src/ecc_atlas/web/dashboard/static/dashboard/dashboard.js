// ECC Atlas dashboard script (served by the app; no inline scripts, no CDN).
//
// 1. Draws every chart: each <div data-vega-spec-url="..."> gets the Vega-Lite spec fetched
//    from its URL and rendered as SVG by vega-embed (from /assets/vega-bundle.js). Expressions
//    run in Vega's interpreter (`ast: true`), so a Content-Security-Policy without
//    'unsafe-eval' holds; vega-embed's and the tooltip's injected <style> are switched off and
//    their styles live in dashboard.css.
// 2. Makes tables with [data-sortable] sortable: each column header becomes a button;
//    aria-sort tells screen readers the order.

const EMBED_OPTIONS = {
  actions: false,
  renderer: "svg",
  ast: true,
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

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
    await window.vegaEmbed(element, spec, EMBED_OPTIONS);
    const svg = element.querySelector("svg");
    if (svg && spec.description) {
      // One text alternative per chart (the summary, also the caption); the marks inside
      // are presentational, and the table under the chart holds every number.
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", spec.description);
      svg.querySelectorAll(":scope > g").forEach((group) => {
        group.setAttribute("aria-hidden", "true");
      });
    }
    element.dataset.vegaState = "rendered";
  } catch (error) {
    element.dataset.vegaState = "error";
    element.textContent = element.dataset.vegaError || "The chart could not be drawn.";
    console.error("Chart failed:", error);
  }
}

function drawAll() {
  if (typeof window.vegaEmbed !== "function") {
    console.error("vegaEmbed is missing: the Vega bundle did not load.");
    return Promise.resolve();
  }
  const elements = document.querySelectorAll("[data-vega-spec-url]");
  return Promise.all(Array.from(elements, draw));
}

function sortValue(cell) {
  const raw = cell.dataset.sort ?? cell.textContent;
  const number = Number(raw);
  return raw !== "" && Number.isFinite(number) ? number : raw.toString().toLocaleLowerCase();
}

function compare(a, b) {
  const emptyA = a === "";
  const emptyB = b === "";
  if (emptyA || emptyB) {
    return emptyA === emptyB ? 0 : emptyA ? 1 : -1; // withheld/missing values last
  }
  if (typeof a === "number" && typeof b === "number") {
    return a - b;
  }
  return String(a).localeCompare(String(b), document.documentElement.lang || "sv");
}

function makeSortable(table) {
  const headers = Array.from(table.tHead ? table.tHead.rows[0].cells : []);
  const body = table.tBodies[0];
  if (!body) {
    return;
  }
  headers.forEach((header, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = header.textContent;
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", () => {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = Array.from(body.rows);
      rows.sort((x, y) => {
        const order = compare(sortValue(x.cells[index]), sortValue(y.cells[index]));
        return ascending ? order : -order;
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
}

function start() {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  drawAll();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
