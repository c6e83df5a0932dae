// claimx view: hovering or selecting a claim marks its cue, its source and the claims of the same source.
(function () {
  "use strict";
  function ids(el, name) { var v = el.getAttribute(name); return v ? v.split(" ") : []; }
  function setup(section) {
    var segments = Array.prototype.slice.call(section.querySelectorAll(".article span[data-c], .article span[data-cue], .article span[data-src]"));
    var rows = Array.prototype.slice.call(section.querySelectorAll("table.claims tbody tr"));
    var sourceOf = {}, claimsOf = {}, selected = null;
    rows.forEach(function (row) {
      var c = row.getAttribute("data-claim"), s = row.getAttribute("data-source");
      sourceOf[c] = s;
      if (s) { (claimsOf[s] = claimsOf[s] || []).push(c); }
    });
    function clear() {
      section.querySelectorAll(".active, .active-cue, .active-src, .same, .active-row").forEach(function (el) {
        el.classList.remove("active", "active-cue", "active-src", "same", "active-row");
      });
    }
    function show(claim) {
      clear();
      if (!claim) { return; }
      var same = {};
      (claimsOf[sourceOf[claim]] || []).forEach(function (c) { if (c !== claim) { same[c] = true; } });
      segments.forEach(function (seg) {
        var cs = ids(seg, "data-c");
        if (cs.indexOf(claim) >= 0) { seg.classList.add("active"); }
        else if (cs.some(function (c) { return same[c]; })) { seg.classList.add("same"); }
        if (ids(seg, "data-cue").indexOf(claim) >= 0) { seg.classList.add("active-cue"); }
        if (ids(seg, "data-src").indexOf(claim) >= 0) { seg.classList.add("active-src"); }
      });
      rows.forEach(function (row) {
        var c = row.getAttribute("data-claim");
        if (c === claim || same[c]) { row.classList.add("active-row"); }
      });
    }
    function claimAt(el) {
      var cs = ids(el, "data-c");
      if (!cs.length) { cs = ids(el, "data-cue").concat(ids(el, "data-src")); }
      return cs.length ? cs[cs.length - 1] : null;  // the innermost claim is listed last
    }
    segments.forEach(function (seg) {
      seg.addEventListener("mouseenter", function () { if (!selected) { show(claimAt(seg)); } });
      seg.addEventListener("mouseleave", function () { if (!selected) { clear(); } });
      seg.addEventListener("click", function () {
        var c = claimAt(seg);
        selected = selected === c ? null : c;
        show(selected);
      });
    });
    rows.forEach(function (row) {
      var c = row.getAttribute("data-claim");
      row.addEventListener("mouseenter", function () { if (!selected) { show(c); } });
      row.addEventListener("mouseleave", function () { if (!selected) { clear(); } });
      row.addEventListener("click", function () { selected = selected === c ? null : c; show(selected); });
    });
    var table = section.querySelector("table.claims");
    if (table) { sortable(table); }
  }
  function sortable(table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    heads.forEach(function (th, column) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort") || a.cells[column].textContent;
          var y = b.cells[column].getAttribute("data-sort") || b.cells[column].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "de");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  document.querySelectorAll("section.doc").forEach(setup);
  document.querySelectorAll("table.sortable").forEach(sortable);
})();
