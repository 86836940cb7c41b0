// The preview page: draws the spreads from the state the server sends after each build.
"use strict";

const spreadsBox = document.getElementById("spreads");
const failure = document.getElementById("failure");

// Facing pages as in print: page 1 alone on the right, then 2|3, 4|5 ...; an even last page alone on the left.
function spreads(pages) {
  const pairs = pages.length ? [[null, pages[0]]] : [];
  for (let i = 1; i < pages.length; i += 2) pairs.push([pages[i], pages[i + 1] || null]);
  return pairs;
}

function figure(page, side) {
  const box = document.createElement("figure");
  box.className = `page ${side}` + (page.changed ? " changed" : "");
  box.dataset.page = page.number;
  const img = document.createElement("img");
  img.src = page.src;
  img.width = page.width;
  img.height = page.height;
  img.alt = `page ${page.number}`;
  const caption = document.createElement("figcaption");
  caption.textContent = String(page.number);
  box.append(img, caption);
  return box;
}

function spread([left, right]) {
  const row = document.createElement("div");
  row.className = "spread";
  if (left) row.append(figure(left, "left"));
  if (right) row.append(figure(right, "right"));
  return row;
}

function describe(state) {
  if (state.error) return `build ${state.build} failed`;
  const changed = state.pages.filter((page) => page.changed).length;
  const files = state.changed_files.length ? ` after ${state.changed_files.join(", ")}` : "";
  const rest = state.finished === null ? "the other files follow…" : `all files in ${state.finished} s`;
  return `build ${state.build}${files}: ${state.pages.length} pages, ${changed} changed, ` +
    `on show in ${state.seconds} s; ${rest}`;
}

function show(state) {
  document.body.dataset.build = state.build;
  document.body.dataset.state = state.error ? "failed" : state.build ? "built" : "waiting";
  if (!state.build) return;
  if (state.title) {
    document.title = `${state.title} · preview`;
    document.getElementById("title").textContent = state.title;
  }
  document.getElementById("status").textContent = describe(state);
  failure.hidden = !state.error;
  spreadsBox.hidden = Boolean(state.error);
  if (state.error) {
    document.getElementById("message").textContent = state.error;
    spreadsBox.replaceChildren();
    return;
  }
  if (state.pages.length) spreadsBox.style.setProperty("--page-width", `${state.pages[0].width}px`);
  spreadsBox.replaceChildren(...spreads(state.pages).map(spread));
}

const events = new EventSource("events");
events.onmessage = (event) => show(JSON.parse(event.data));
events.onerror = () => {
  document.getElementById("status").textContent = "lost the preview server; trying again…";
};
