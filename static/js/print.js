// « Imprimer » on a service sheet: with JavaScript, print the sheet itself (print.css lays
// it out); without, the link opens the print view.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-print]");
  if (link && typeof window.print === "function") {
    event.preventDefault();
    window.print();
  }
});
