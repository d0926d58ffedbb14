// The phone « Menu » (templates/includes/header.html) is a <details> element and works
// without this file. This file: Escape closes it and gives focus back to its button; on wide
// screens, browsers that cannot show a closed <details>' content (no ::details-content) get
// it opened, since the button is hidden there.
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  function follow() {
    if (!supported && wide.matches) menu.open = true;
  }
  follow();
  wide.addEventListener("change", follow);
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
