// A tiny helper to build DOM elements without innerHTML, so that text from
// the network (names, messages) can never become markup.

/**
 * Creates an element: h("button", {class: "x", onclick: fn}, "text", child).
 * Attributes starting with "on" become event listeners; `dataset` sets
 * data-* attributes; null and false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "test") element.dataset.test = value;
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces the children of `parent` with `children`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((c) => c !== null && c !== false));
}

/** Formats a time in ms since the epoch as "14:05", or a date if not today. */
export function formatTime(ms) {
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString([], { month: "short", day: "numeric" });
}

/** The first letter of a name, for the round avatar badges. */
export function initial(name) {
  return (name || "?").slice(0, 1).toUpperCase();
}
