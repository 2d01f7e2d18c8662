/* The review page's map: prefecture outlines as the base map (no web access needed), GSI tiles as an optional
 * online layer, the reference plan's regions, the proposals' sites and the substations in reach of the selected
 * one. Every text shown on the map (tooltips, legend) is built as DOM nodes with textContent: a proposal's name
 * is never parsed as HTML. */
"use strict";

window.WattbitMap = function (opts) {
  const t = opts.t;
  const fmt = opts.fmt;
  const COLOURS = {pass: "#2e8b57", warn: "#c98f00", fail: "#c0392b"};
  const GSI = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png";
  const GSI_CREDIT = "https://maps.gsi.go.jp/development/ichiran.html";
  const JAPAN = [[30.0, 128.5], [45.6, 146.0]];
  const map = L.map("map", {zoomSnap: 0.25, minZoom: 4, maxZoom: 17});
  map.attributionControl.setPrefix("Leaflet");
  map.fitBounds(JAPAN);
  L.control.scale({imperial: false}).addTo(map);
  const prefs = L.geoJSON(null, {interactive: false,
    style: {color: "#8a8a8a", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1}}).addTo(map);
  const gsi = L.tileLayer(GSI, {maxZoom: 18, attribution: ""});
  const reference = L.geoJSON(null, {style: {color: "#1f5fa8", weight: 1.5, fillColor: "#1f5fa8", fillOpacity: 0.22},
    onEachFeature: (f, layer) => layer.bindTooltip(() => regionTip(f.properties), {sticky: true})}).addTo(map);
  const sites = L.featureGroup().addTo(map);
  const subs = L.featureGroup().addTo(map);
  let prefData = null, refYears = [], control = null, legend = null, pick = null, ev = null, selected = null;
  let prefCredit = null;

  /* Leaflet shows attributions as HTML: the credits are the page's own words, escaped all the same. */
  function escapeText(text) {
    const d = document.createElement("div");
    d.textContent = text;
    return d.innerHTML;
  }

  function node(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function regionTip(p) {
    const box = node("div", "tip");
    box.append(node("b", null, p.name));
    const last = refYears[refYears.length - 1];
    if (last !== undefined && p["mw_" + last] !== undefined) box.append(node("span", null,
      t("reference_regions") + ": " + fmt(p["mw_" + last], 0) + " MW (" + last + ")"));
    return box;
  }

  function siteTip(p) {
    const box = node("div", "tip");
    box.append(node("b", null, p.name), node("span", null, p.proposal_id + " · " + t(p.overall)));
    return box;
  }

  function subTip(s) {
    const box = node("div", "tip");
    box.append(node("b", null, s.name + " " + fmt(s.voltage_kv, 0) + " kV"));
    box.append(node("span", null, t("headroom") + " " + fmt(s.headroom_mw, 0) + " MW · " + t("distance") + " "
      + fmt(s.dist_km, 1) + " km" + (s.used ? " · " + t("sub_used") : "")));
    return box;
  }

  /* The prefecture holding a point (ray casting on the base map's polygons), for the point form. */
  function inRing(ring, x, y) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function prefAt(lat, lon) {
    if (!prefData) return null;
    for (const f of prefData.features) {
      const g = f.geometry;
      const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      for (const poly of polys) {
        if (inRing(poly[0], lon, lat) && !poly.slice(1).some((hole) => inRing(hole, lon, lat))) {
          return f.properties.pref_code;
        }
      }
    }
    return null;
  }

  map.on("click", (e) => {
    if (pick) pick.remove();
    pick = L.circleMarker(e.latlng, {radius: 7, color: "#6a1b9a", weight: 2, dashArray: "3 2", fillOpacity: 0.2})
      .addTo(map);
    opts.onPick(e.latlng.lat, e.latlng.lng, prefAt(e.latlng.lat, e.latlng.lng));
  });

  function relabel() {
    if (control) control.remove();
    const overlays = {};
    overlays[t("layer_gsi")] = gsi;
    overlays[t("layer_prefs")] = prefs;
    overlays[t("layer_ref")] = reference;
    overlays[t("layer_sites")] = sites;
    overlays[t("layer_subs")] = subs;
    control = L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);
    const credits = map.attributionControl;
    if (prefCredit) credits.removeAttribution(prefCredit);
    prefCredit = escapeText(t("pref_credit"));
    credits.addAttribution(prefCredit);
    const gsiOn = map.hasLayer(gsi);
    if (gsiOn) credits.removeAttribution(gsi.options.attribution);
    gsi.options.attribution = '<a href="' + GSI_CREDIT + '" target="_blank" rel="noopener">'
      + escapeText(t("gsi_credit")) + "</a>";
    if (gsiOn) credits.addAttribution(gsi.options.attribution);
    if (legend) legend.remove();
    legend = L.control({position: "bottomright"});
    legend.onAdd = () => {
      const box = node("div", "legend");
      const rows = [["pass", COLOURS.pass, ""], ["warn", COLOURS.warn, ""], ["fail", COLOURS.fail, ""],
        ["legend_sub", "#d35400", ""], ["legend_ref", "#1f5fa8", "area"]];
      box.append(node("b", null, t("legend_site")));
      for (const [key, colour, cls] of rows) {
        const line = node("div");
        const dot = node("i", cls);
        dot.style.background = colour;
        line.append(dot, document.createTextNode(t(key)));
        box.append(line);
      }
      return box;
    };
    legend.addTo(map);
  }

  function showSubstations() {
    subs.clearLayers();
    if (!ev || selected === null) return;
    const p = ev.proposals[selected];
    const own = sites.getLayers().filter((l) => l.feature && l.feature.properties.index === selected);
    const centre = own.length ? L.featureGroup(own).getBounds().getCenter() : null;
    for (const s of p.substations) {
      if (centre) L.polyline([centre, [s.lat, s.lon]], {color: "#d35400", weight: 1, dashArray: "4 3",
        interactive: false}).addTo(subs);
      L.circleMarker([s.lat, s.lon], {radius: s.voltage_kv >= 400 ? 7 : 5, color: "#8a3a00", weight: 1,
        fillColor: s.used ? "#d35400" : "#f0a35e", fillOpacity: 0.95}).bindTooltip(subTip(s)).addTo(subs);
    }
    const bounds = L.featureGroup([...own, ...subs.getLayers()]).getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.15), {maxZoom: 12});
  }

  function showEvaluation(next) {
    ev = next;
    selected = null;
    sites.clearLayers();
    subs.clearLayers();
    if (!ev) return;
    L.geoJSON(ev.sites, {
      style: (f) => {
        const p = ev.proposals[f.properties.index];
        return {color: COLOURS[p.overall], weight: 2, fillColor: COLOURS[p.overall], fillOpacity: 0.55};
      },
      onEachFeature: (f, layer) => {
        const p = ev.proposals[f.properties.index];
        layer.bindTooltip(() => siteTip(p), {sticky: true});
        layer.on("click", (e) => { L.DomEvent.stopPropagation(e); opts.onSelect(f.properties.index); });
      },
    }).eachLayer((l) => sites.addLayer(l));
    /* a marker at each site too: a site of 50 ha is a dot at the scale of Japan */
    for (const l of [...sites.getLayers()]) {
      const p = ev.proposals[l.feature.properties.index];
      const m = L.circleMarker(l.getBounds().getCenter(), {radius: 6, color: "#fff", weight: 1.5,
        fillColor: COLOURS[p.overall], fillOpacity: 1});
      m.feature = l.feature;
      m.bindTooltip(() => siteTip(p));
      m.on("click", (e) => { L.DomEvent.stopPropagation(e); opts.onSelect(l.feature.properties.index); });
      sites.addLayer(m);
    }
    if (sites.getLayers().length) map.fitBounds(sites.getBounds().pad(0.2), {maxZoom: 10});
  }

  function select(index) {
    selected = index;
    showSubstations();
  }

  async function load() {
    const [base, ref] = await Promise.all([opts.get("/api/base.geojson"), opts.get("/api/reference.geojson")]);
    if (base) { prefData = base; prefs.addData(base); }
    if (ref) { reference.addData(ref); }
  }

  refYears = opts.years || [];
  relabel();
  return {map, load, relabel, showEvaluation, select, layers: {prefs, gsi, reference, sites, subs}};
};
