// Maillage widget, on the partner's page: sizes each Maillage iframe to its content.
//   <iframe src="https://…/widget/<id>/" title="…" data-maillage-widget …></iframe>
//   <script src="https://…/static/js/widget.js" defer></script>
// It accepts a height only from the iframe's own window and Maillage's origin (the origin of
// the iframe's address), and asks each iframe for its height once loaded (in case the widget
// spoke before this script listened). Without it the iframe keeps its height and scrolls.
// No dependency.
(() => {
  "use strict";
  const MAX_HEIGHT = 20000;
  const frames = () => document.querySelectorAll("iframe[data-maillage-widget]");
  const originOf = (frame) => {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (error) {
      return "";
    }
  };
  const ping = (frame) => {
    const origin = originOf(frame);
    if (origin && frame.contentWindow) {
      try {
        frame.contentWindow.postMessage({ type: "maillage-widget:ping" }, origin);
      } catch (error) {
        // Not loaded yet: its "load" event pings again.
      }
    }
  };
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "maillage-widget:height") {
      return;
    }
    frames().forEach((frame) => {
      if (event.source !== frame.contentWindow || event.origin !== originOf(frame)) {
        return;
      }
      const height = Math.ceil(Number(data.height));
      if (Number.isFinite(height) && height > 0 && height <= MAX_HEIGHT) {
        frame.style.height = `${height}px`;
      }
    });
  });
  frames().forEach((frame) => {
    frame.addEventListener("load", () => ping(frame));
    ping(frame);
  });
})();
