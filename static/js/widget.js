// Maillage widget, on the partner's page: sizes each Maillage iframe to its content.
//   <iframe src="https://…/widget/<id>/" title="…" data-maillage-widget …></iframe>
//   <script src="https://…/static/js/widget.js" defer></script>
// It accepts a height only from the iframe's own window and Maillage's origin (the origin of
// the iframe's address). Without it the iframe keeps its height and scrolls. No dependency.
(() => {
  "use strict";
  const MAX_HEIGHT = 20000;
  const originOf = (frame) => {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (error) {
      return "";
    }
  };
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "maillage-widget:height") {
      return;
    }
    document.querySelectorAll("iframe[data-maillage-widget]").forEach((frame) => {
      if (event.source !== frame.contentWindow || event.origin !== originOf(frame)) {
        return;
      }
      const height = Math.ceil(Number(data.height));
      if (Number.isFinite(height) && height > 0 && height <= MAX_HEIGHT) {
        frame.style.height = `${height}px`;
      }
    });
  });
})();
