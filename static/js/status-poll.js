// Pages that wait for background work (a guide's PDF being built, a directory import
// running) mark their status region with data-status-poll="<seconds>". Rather than
// reloading the whole page on a timer (a timed refresh restarts screen readers and fails
// WCAG 2.2.1), ask the same address in the background:
// - while the answer is HTML still carrying a status region, copy that region's new
//   content into this one (it is a polite live region: progress is announced, focus and
//   scroll stay where they are) and ask again later;
// - once it no longer does (the PDF itself, the finished import, an error page), load it.
// Without JavaScript the page offers a "reload now" link and says so.
(() => {
  const region = document.querySelector("[data-status-poll]");
  if (!region) {
    return;
  }
  const delay = (Number(region.dataset.statusPoll) || 3) * 1000;
  const check = async () => {
    try {
      const response = await fetch(window.location.href, {
        cache: "no-store",
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") || "";
      if (response.status < 500 && type.startsWith("text/html")) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const next = page.querySelector("[data-status-poll]");
        if (next) {
          if (next.innerHTML !== region.innerHTML) {
            region.innerHTML = next.innerHTML;
          }
          window.setTimeout(check, delay);
          return;
        }
      }
      window.location.reload();
    } catch {
      window.setTimeout(check, delay);  // offline for a moment: try again
    }
  };
  window.setTimeout(check, delay);
})();
