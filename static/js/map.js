// Maps of the entries a page lists (templates/includes/map.html). Progressive: without
// JavaScript the map stays hidden and the list alone shows. The list and the map stay in
// sync: a marker leads to its list item, a list item hovered or focused lights its marker,
// and the map is drawn again when htmx replaces the results.
(function () {
  "use strict";

  const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  const WIDE = window.matchMedia("(min-width: 64rem)");
  const ACTIVE_ITEM = "is-map-active";
  const ACTIVE_MARKER = "map-marker--active";
  // Remembered across htmx swaps: a visitor who opened the map keeps it open.
  let openedByVisitor = null;
  // Leaflet's files (templates/includes/map_assets.html), loaded with the first map shown.
  const ASSETS = document.currentScript.dataset;
  let leafletLoaded = null;

  function loadLeaflet() {
    if (!leafletLoaded) {
      for (const href of ASSETS.leafletCss.split(" ")) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        document.head.appendChild(link);
      }
      // The cluster plugin needs Leaflet: one script after the other.
      leafletLoaded = ASSETS.leafletJs.split(" ").reduce(
        (previous, src) =>
          previous.then(
            () =>
              new Promise((resolve, reject) => {
                const script = document.createElement("script");
                script.src = src;
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
              })
          ),
        Promise.resolve()
      );
    }
    return leafletLoaded;
  }

  function listItemFor(wrapper, point) {
    let element = point.target ? document.getElementById(point.target) : null;
    if (!element && point.url) {
      element = Array.from(document.querySelectorAll("a[href]")).find(
        (link) => link.getAttribute("href") === point.url && !wrapper.contains(link)
      );
    }
    if (!element) return null;
    return element.closest("li") || element.closest("section") || element;
  }

  function setActive(entry, active) {
    if (entry.item) entry.item.classList.toggle(ACTIVE_ITEM, active);
    const shown = entry.cluster.getVisibleParent
      ? entry.cluster.getVisibleParent(entry.marker)
      : entry.marker;
    const icon = shown && shown.getElement ? shown.getElement() : null;
    if (icon) icon.classList.toggle(ACTIVE_MARKER, active);
  }

  function goToItem(entry) {
    if (!entry.item) return;
    entry.item.classList.add(ACTIVE_ITEM);
    const focusable = entry.item.querySelector("a[href]");
    if (!focusable) {
      if (!entry.item.hasAttribute("tabindex")) entry.item.setAttribute("tabindex", "-1");
    }
    (focusable || entry.item).focus({ preventScroll: true });
    entry.item.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function draw(wrapper) {
    if (wrapper.dataset.mapReady) return;
    const canvas = wrapper.querySelector(".map__canvas");
    const data = wrapper.querySelector('script[type="application/json"]');
    const points = JSON.parse(data.textContent);
    const map = L.map(canvas, { scrollWheelZoom: false, keyboard: true });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    // Markers with a badge (a count per place) are never clustered: a cluster would hide
    // the counts behind a number of markers.
    const cluster = points.some((point) => point.badge)
      ? L.featureGroup()
      : L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    const entries = points.map((point) => {
      const options = { title: point.title, alt: point.title, keyboard: true };
      // A point may carry a short badge (a count) and a tone: the marker then shows the badge
      // in a coloured disc (.map-badge--<tone>, css/map.css) instead of the pin.
      if (point.badge) {
        const badge = document.createElement("span");
        badge.textContent = point.badge;
        options.icon = L.divIcon({
          className: "map-badge map-badge--" + (point.tone || "default"),
          html: badge.outerHTML,
          iconSize: [28, 28],
        });
      }
      const marker = L.marker([point.lat, point.lon], options);
      const entry = { point, marker, cluster, item: listItemFor(wrapper, point) };
      marker.on("click", () => goToItem(entry));
      // A button's name comes from its content or aria-label, not from an image's alt
      // (assistive tech and HTML_CodeSniffer agree): name each icon as it enters the map.
      marker.on("add", () => marker.getElement()?.setAttribute("aria-label", point.title));
      // Leaflet's markers are buttons (role, tabindex) but act on a click only: Enter and
      // Space act the same.
      marker.on("keydown", (event) => {
        const key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          goToItem(entry);
        }
      });
      marker.on("mouseover", () => setActive(entry, true));
      marker.on("mouseout", () => setActive(entry, false));
      if (entry.item) {
        entry.item.dataset.mapMarker = "";
        entry.item.addEventListener("mouseenter", () => setActive(entry, true));
        entry.item.addEventListener("mouseleave", () => setActive(entry, false));
        entry.item.addEventListener("focusin", () => setActive(entry, true));
        entry.item.addEventListener("focusout", (event) => {
          if (!entry.item.contains(event.relatedTarget)) setActive(entry, false);
        });
      }
      cluster.addLayer(marker);
      return entry;
    });
    map.addLayer(cluster);
    const bounds = L.latLngBounds(points.map((point) => [point.lat, point.lon]));
    // Room above for the marker pins (they stand on their point).
    map.fitBounds(bounds, { paddingTopLeft: [24, 48], paddingBottomRight: [24, 16], maxZoom: 16 });
    wrapper.dataset.mapReady = "true";
    wrapper.mapEntries = entries;
    wrapper.leafletMap = map;
  }

  function setOpen(wrapper, open) {
    const button = wrapper.querySelector(".map__toggle");
    const canvas = wrapper.querySelector(".map__canvas");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? button.dataset.labelHide : button.dataset.labelShow;
    canvas.hidden = !open;
    if (open) {
      loadLeaflet().then(
        () => {
          if (canvas.hidden) return;
          draw(wrapper);
          wrapper.leafletMap.invalidateSize();
        },
        () => {
          wrapper.hidden = true; // no map library (offline): the list alone, as without JS
        }
      );
    }
  }

  function alwaysShown(wrapper) {
    return wrapper.classList.contains("map--inline") || WIDE.matches;
  }

  function setUp(wrapper) {
    if (wrapper.dataset.mapSetUp) return;
    wrapper.dataset.mapSetUp = "true";
    wrapper.hidden = false;
    const button = wrapper.querySelector(".map__toggle");
    button.addEventListener("click", () => {
      openedByVisitor = button.getAttribute("aria-expanded") !== "true";
      setOpen(wrapper, openedByVisitor);
    });
    setOpen(wrapper, alwaysShown(wrapper) || openedByVisitor === true);
  }

  function setUpAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-map]")) setUp(scope);
    scope.querySelectorAll("[data-map]").forEach(setUp);
  }

  WIDE.addEventListener("change", () => {
    document.querySelectorAll("[data-map-set-up]").forEach((wrapper) => {
      if (alwaysShown(wrapper)) setOpen(wrapper, true);
    });
  });
  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  // htmx replaced the results: the new fragment brings its own map and points.
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
