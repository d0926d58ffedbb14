// "Votre PDF est en préparation": rather than reloading the whole page every few seconds
// (a timed refresh restarts screen readers and fails WCAG 2.2.1), ask the same address in
// the background and reload only once the answer is no longer "still being prepared": the
// PDF then opens, or the page saying the build failed. Without JavaScript the page's
// <noscript> refresh does the same job.
(() => {
  const status = document.querySelector("[data-pdf-pending]");
  if (!status) {
    return;
  }
  const delay = (Number(status.dataset.pdfPending) || 3) * 1000;
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { cache: "no-store" });
      const type = response.headers.get("Content-Type") || "";
      if (response.status === 202 && type.startsWith("text/html")) {
        if ((await response.text()).includes("data-pdf-pending")) {
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
