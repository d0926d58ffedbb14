// Inside the widget page (templates/widgets/widget.html): tells the host page its height, so
// that static/js/widget.js sizes the iframe to the content. Only to the widget's own sites
// (data-maillage-origins): to the parent's origin when the browser names it, else to each
// listed origin (postMessage delivers a message only where the origin matches). The host page
// may ask again ("ping", e.g. when its script loads after this page): answered only to the
// parent window, from a listed origin. No dependency.
(() => {
  "use strict";
  if (window.parent === window) {
    return;
  }
  const allowed = (document.documentElement.dataset.maillageOrigins || "").split(" ").filter(Boolean);
  const ancestors = window.location.ancestorOrigins;
  const parentOrigin = ancestors && ancestors.length ? ancestors[0] : "";
  const targets = parentOrigin ? allowed.filter((origin) => origin === parentOrigin) : allowed;
  const root = document.getElementById("widget");
  let last = 0;
  const send = () => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (!height || height === last) {
      return;
    }
    last = height;
    targets.forEach((origin) => {
      window.parent.postMessage({ type: "maillage-widget:height", height }, origin);
    });
  };
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (
      event.source === window.parent &&
      targets.includes(event.origin) &&
      data &&
      data.type === "maillage-widget:ping"
    ) {
      last = 0;
      send();
    }
  });
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(root);
  }
  window.addEventListener("load", send);
  send();
})();
