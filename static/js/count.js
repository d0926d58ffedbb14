// Counted links (call, email, directions): one count per click through /compter/, no cookie.
// Without JavaScript the links' `ping` attribute does it (Chromium, Safari). Here, where the
// beacon exists, it replaces the ping: support for `ping` cannot be detected (Firefox exposes
// the property but sends nothing), the beacon's can, and a click must never count twice.
// The ping is removed when the page is read, and again on click for links added later (the
// browser reads it only after the click listeners ran). See
// directory/templatetags/click_counts.py.
(() => {
  if (typeof navigator.sendBeacon !== "function") {
    return; // the pings stay
  }
  const takeOver = (link) => {
    const url = link.getAttribute("ping");
    if (url) {
      link.dataset.countClick = url;
      link.removeAttribute("ping");
    }
    return link.dataset.countClick;
  };
  const takeOverAll = () => document.querySelectorAll("a[data-count-click]").forEach(takeOver);
  takeOverAll();
  document.addEventListener("DOMContentLoaded", takeOverAll);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[data-count-click]");
    const url = link && takeOver(link);
    if (url) {
      navigator.sendBeacon(url);
    }
  });
})();
