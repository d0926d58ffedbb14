// Search page enhancements (progressive: the page works without them, as a plain GET form).
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // --- Autocomplete: WAI-ARIA 1.2 combobox with a listbox popup ---------------------------
  // Focus stays in the field; aria-activedescendant names the highlighted option.
  // ArrowDown/ArrowUp move, Enter opens the highlighted suggestion, Escape closes the list
  // and keeps the text, Tab leaves. htmx fills the listbox with <li role="option">.
  const input = document.getElementById("search-q");
  const listbox = document.getElementById("search-suggestions");
  if (input && listbox) {
    const options = () => Array.from(listbox.querySelectorAll('[role="option"]'));
    const isOpen = () => !listbox.hidden;
    // Once the search is sent, suggestions still on their way (typed a moment before Enter)
    // must not open over the results: they wait for the next keystroke.
    let sent = false;
    const highlight = (option) => {
      options().forEach((o) => o.setAttribute("aria-selected", o === option ? "true" : "false"));
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    const close = () => {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(null);
    };
    const open = () => {
      if (!options().length) {
        close();
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    };
    const pick = (option) => {
      if (option && option.dataset.url) {
        window.location.assign(option.dataset.url);
      }
    };
    const move = (step) => {
      const all = options();
      if (!all.length) return;
      if (!isOpen()) open();
      const current = all.findIndex((o) => o.getAttribute("aria-selected") === "true");
      let next = current + step;
      if (current === -1) next = step > 0 ? 0 : all.length - 1;
      if (next < 0) next = all.length - 1;
      if (next >= all.length) next = 0;
      highlight(all[next]);
    };

    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(-1);
      } else if (event.key === "Enter") {
        const active = listbox.querySelector('[aria-selected="true"]');
        if (isOpen() && active) {
          event.preventDefault();
          pick(active);
        } else {
          sent = true;
          close();
        }
      } else if (event.key === "Escape") {
        // A search field's Escape empties it in Chromium: keep what was typed.
        event.preventDefault();
        close();
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("input", () => {
      sent = false;
    });
    input.addEventListener("blur", () => close());
    // The pointer picks without taking focus from the field.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => pick(event.target.closest('[role="option"]')));
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target === listbox) {
        if (document.activeElement === input && !sent) open();
        else close();
      }
    });
  }

  // --- Results updated by htmx: keep the filters' disclosure as it was, keep focus, and
  // announce the new count in the polite live region. ------------------------------------
  const results = document.getElementById("search-results");
  const live = document.getElementById("search-live");
  const wide = window.matchMedia("(min-width: 56rem)");
  const openFiltersOnWideScreens = () => {
    const filters = document.getElementById("search-filters");
    if (filters && wide.matches) filters.open = true;
  };
  if (results) {
    openFiltersOnWideScreens();
    let filtersWereOpen = null;
    let focusedId = "";
    document.body.addEventListener("htmx:beforeSwap", (event) => {
      if (event.detail.target === results) {
        const filters = document.getElementById("search-filters");
        filtersWereOpen = filters ? filters.open : null;
        focusedId = document.activeElement ? document.activeElement.id : "";
        // The new disclosure arrives open if it was: htmx can then give focus back to the
        // field with the same id during the swap itself.
        if (filtersWereOpen && typeof event.detail.serverResponse === "string") {
          event.detail.serverResponse = event.detail.serverResponse.replace(
            '<details id="search-filters"',
            '<details open id="search-filters"',
          );
        }
      }
    });
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target !== results) return;
      const filters = document.getElementById("search-filters");
      if (filters && filtersWereOpen !== null) filters.open = filtersWereOpen;
      const heading = document.getElementById("search-hits-title");
      // Focus is back on the field with the same id (htmx, or here if it could not); a
      // replaced link (pagination) leaves focus on <body>: the new results' heading takes it.
      if (!document.activeElement || document.activeElement === document.body) {
        const same = focusedId && document.getElementById(focusedId);
        if (same) same.focus({ preventScroll: true });
        else if (heading) heading.focus();
      }
      if (live && heading) {
        live.textContent = "";
        window.setTimeout(() => {
          live.textContent = heading.textContent.replace(/\s+/g, " ").trim();
        }, 50);
      }
    });
  }
})();
