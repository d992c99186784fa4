// Search-as-you-type on /jobs/: the search box is an ARIA 1.2 combobox whose listbox offers the
// titles, companies and skills of published jobs (GET /api/v1/jobs/suggestions/?q=).
// Keyboard: Down/Up move through the suggestions (Alt+Down opens them), Enter picks one and
// searches, Escape closes the list (and clears the box when it is closed), Tab leaves.
// A file of its own: the CSP allows no inline script.
(() => {
  "use strict";
  const input = document.querySelector('input[role="combobox"][data-suggest-url]');
  if (!input) return;
  const listbox = document.getElementById(input.getAttribute("aria-controls"));
  const status = document.getElementById(`${input.id}-suggestions-status`);
  const form = input.form;
  const MIN_LENGTH = 2;
  const DELAY_MS = 150;
  const cache = new Map();
  let timer = null;
  let controller = null;
  let options = [];
  let active = -1;
  let lastTyped = input.value;

  const isOpen = () => !listbox.hidden;

  function open() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    setActive(-1);
  }

  function setActive(index) {
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  // The typed part in bold, built as text nodes: a suggestion is data, never markup.
  function highlighted(text, typed) {
    const fragment = document.createDocumentFragment();
    const at = text.toLowerCase().indexOf(typed.toLowerCase());
    if (at < 0 || !typed) {
      fragment.append(text);
      return fragment;
    }
    const mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + typed.length);
    fragment.append(text.slice(0, at), mark, text.slice(at + typed.length));
    return fragment;
  }

  function render(suggestions, typed) {
    listbox.replaceChildren();
    options = suggestions.map((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `${listbox.id}-${index}`;
      option.className = "list-group-item d-flex justify-content-between align-items-baseline gap-2";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = suggestion.text;
      const text = document.createElement("span");
      text.append(highlighted(suggestion.text, typed));
      const kind = document.createElement("span");
      kind.className = "small text-body-secondary text-nowrap";
      kind.textContent = `· ${input.dataset[`kind${suggestion.kind[0].toUpperCase()}${suggestion.kind.slice(1)}`] || ""}`;
      option.append(text, kind);
      listbox.append(option);
      return option;
    });
    active = -1;
    if (options.length) {
      open();
    } else {
      close();
    }
    if (status) {
      status.textContent =
        options.length === 0
          ? ""
          : options.length === 1
            ? input.dataset.countOne
            : input.dataset.countMany.replace("{n}", String(options.length));
    }
  }

  async function fetchSuggestions(typed) {
    const key = typed.trim().toLowerCase();
    if (key.length < MIN_LENGTH) {
      render([], typed);
      return;
    }
    if (cache.has(key)) {
      render(cache.get(key), typed);
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const url = `${input.dataset.suggestUrl}?${new URLSearchParams({ q: key })}`;
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return; // rate limited or unavailable: the search itself still works
      const data = await response.json();
      cache.set(key, data.suggestions);
      if (input.value === typed) render(data.suggestions, typed);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  function choose(index) {
    const option = options[index];
    if (!option) return;
    input.value = option.dataset.value;
    lastTyped = input.value;
    close();
    form.requestSubmit();
  }

  input.addEventListener("input", () => {
    if (input.value === lastTyped) return;
    lastTyped = input.value;
    clearTimeout(timer);
    timer = setTimeout(() => fetchSuggestions(input.value), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (event.altKey) return;
        }
        if (options.length) setActive((active + 1) % options.length);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen()) open();
        if (options.length) setActive(active <= 0 ? options.length - 1 : active - 1);
        break;
      case "Enter":
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();
        }
        break;
      case "Escape":
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastTyped = "";
        }
        break;
      case "Tab":
        close();
        break;
      default:
        break;
    }
  });

  // A press on a suggestion must not blur the box first (the blur would close the list).
  listbox.addEventListener("pointerdown", (event) => event.preventDefault());
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose(options.indexOf(option));
  });
  input.addEventListener("blur", close);
  form.addEventListener("submit", close);
})();
